package io.github.vodhls.adapters.memory;

import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyRegistryContract;

class InMemoryVideoKeyRegistryTest extends VideoKeyRegistryContract {
    @Override
    protected VideoKeyRegistry registry() {
        return new InMemoryVideoKeyRegistry();
    }
}
