package io.github.vodhls.testing;

import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A registry that fails when told to: the next {@code markSubmitted} calls throw the failures queued with
 * {@link #failNextMarks}, and {@code releaseClaim} and {@code markUncertain} throw while {@link #failReleases} holds
 * one. Everything else, and every call that is not told to fail, goes to the registry it wraps (which keeps the real
 * semantics).
 */
public final class FlakyVideoKeyRegistry implements VideoKeyRegistry {
    private final VideoKeyRegistry delegate;
    private final Queue<RuntimeException> markFailures = new ConcurrentLinkedQueue<>();
    private volatile RuntimeException releaseFailure;

    public FlakyVideoKeyRegistry(VideoKeyRegistry delegate) {
        this.delegate = delegate;
    }

    /** The next {@code markSubmitted} calls throw these, one each, in order. */
    public void failNextMarks(RuntimeException... failures) {
        Collections.addAll(markFailures, failures);
    }

    /** Every {@code releaseClaim} and {@code markUncertain} throws {@code failure} from now on (null: they work). */
    public void failReleases(RuntimeException failure) {
        releaseFailure = failure;
    }

    @Override
    public Optional<VideoKey> find(String videoId) {
        return delegate.find(videoId);
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        return delegate.registerIfAbsent(key);
    }

    @Override
    public ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease) {
        return delegate.claimSubmission(videoId, holder, now, lease);
    }

    @Override
    public void markSubmitted(String videoId, String holder, String jobId, Instant now) {
        RuntimeException failure = markFailures.poll();
        if (failure != null) {
            throw failure;
        }
        delegate.markSubmitted(videoId, holder, jobId, now);
    }

    @Override
    public void releaseClaim(String videoId, String holder) {
        RuntimeException failure = releaseFailure;
        if (failure != null) {
            throw failure;
        }
        delegate.releaseClaim(videoId, holder);
    }

    @Override
    public void markUncertain(String videoId, String holder, Instant now) {
        RuntimeException failure = releaseFailure;
        if (failure != null) {
            throw failure;
        }
        delegate.markUncertain(videoId, holder, now);
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        return delegate.job(videoId);
    }
}
