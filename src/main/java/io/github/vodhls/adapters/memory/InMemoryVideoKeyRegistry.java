package io.github.vodhls.adapters.memory;

import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link VideoKeyRegistry} in one JVM's memory: for tests and benchmarks. */
public final class InMemoryVideoKeyRegistry implements VideoKeyRegistry {
    private final ConcurrentMap<String, VideoKey> keys = new ConcurrentHashMap<>();

    @Override
    public Optional<VideoKey> find(String videoId) {
        return Optional.ofNullable(keys.get(videoId));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        VideoKey existing = keys.putIfAbsent(key.videoId(), key);
        return existing != null ? existing : key;
    }
}
