package io.github.vodhls.core.calls;

import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A {@link VideoKeyRegistry} that runs its {@link CallHook} before every call it passes on. */
public final class HookedVideoKeyRegistry implements VideoKeyRegistry {
    private final VideoKeyRegistry delegate;
    private final CallHook hook;

    public HookedVideoKeyRegistry(VideoKeyRegistry delegate, CallHook hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    @Override
    public Optional<VideoKey> find(String videoId) {
        hook.beforeCall();
        return delegate.find(videoId);
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        hook.beforeCall();
        return delegate.registerIfAbsent(key);
    }

    @Override
    public ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease) {
        hook.beforeCall();
        return delegate.claimSubmission(videoId, holder, now, lease);
    }

    @Override
    public void markSubmitted(String videoId, String holder, String jobId, Instant now) {
        hook.beforeCall();
        delegate.markSubmitted(videoId, holder, jobId, now);
    }

    @Override
    public void releaseClaim(String videoId, String holder) {
        hook.beforeCall();
        delegate.releaseClaim(videoId, holder);
    }

    @Override
    public void markUncertain(String videoId, String holder, Instant now) {
        hook.beforeCall();
        delegate.markUncertain(videoId, holder, now);
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        hook.beforeCall();
        return delegate.job(videoId);
    }

    @Override
    public String toString() {
        return "Hooked[" + delegate + "]";
    }
}
