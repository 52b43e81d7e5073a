package io.github.vodhls.adapters.memory;

import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.TokenStoreContract;

class InMemoryTokenStoreTest extends TokenStoreContract {
    @Override
    protected TokenStore store() {
        return new InMemoryTokenStore();
    }
}
