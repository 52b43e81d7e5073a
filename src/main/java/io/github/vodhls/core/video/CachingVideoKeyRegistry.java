package io.github.vodhls.core.video;

import io.github.vodhls.core.cache.BoundedTtlCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Caches found registrations per instance. Sound because a registration never changes once made; absences are not
 * cached (a video may be registered at any moment). Job records change, so every job method goes straight to the
 * delegate.
 */
public final class CachingVideoKeyRegistry implements VideoKeyRegistry {
    private final VideoKeyRegistry delegate;
    private final BoundedTtlCache<String, VideoKey> cache;

    public CachingVideoKeyRegistry(VideoKeyRegistry delegate, BoundedTtlCache<String, VideoKey> cache) {
        this.delegate = delegate;
        this.cache = cache;
    }

    @Override
    public Optional<VideoKey> find(String videoId) {
        return Optional.ofNullable(cache.computeIfAbsent(videoId, id -> delegate.find(id).orElse(null)));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        VideoKey registered = delegate.registerIfAbsent(key);
        cache.put(registered.videoId(), registered);
        return registered;
    }

    @Override
    public ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease) {
        return delegate.claimSubmission(videoId, holder, now, lease);
    }

    @Override
    public void markSubmitted(String videoId, String holder, String jobId, Instant now) {
        delegate.markSubmitted(videoId, holder, jobId, now);
    }

    @Override
    public void releaseClaim(String videoId, String holder) {
        delegate.releaseClaim(videoId, holder);
    }

    @Override
    public void markUncertain(String videoId, String holder, Instant now) {
        delegate.markUncertain(videoId, holder, now);
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        return delegate.job(videoId);
    }
}
