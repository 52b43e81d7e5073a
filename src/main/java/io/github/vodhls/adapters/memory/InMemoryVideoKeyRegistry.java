package io.github.vodhls.adapters.memory;

import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link VideoKeyRegistry} in one JVM's memory: for tests and benchmarks. Each job-state change is one
 * {@link ConcurrentMap#compute} on the video's entry, atomic like the stores' conditional writes.
 */
public final class InMemoryVideoKeyRegistry implements VideoKeyRegistry {
    private final ConcurrentMap<String, VideoKey> keys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JobRecord> jobs = new ConcurrentHashMap<>();

    @Override
    public Optional<VideoKey> find(String videoId) {
        return Optional.ofNullable(keys.get(videoId));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        VideoKey existing = keys.putIfAbsent(key.videoId(), key);
        return existing != null ? existing : key;
    }

    @Override
    public ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(now, "now");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        requireRegistered(videoId); // registrations are never removed, so the check stays true
        Instant staleBefore = now.minus(lease);
        ClaimResult[] result = new ClaimResult[1];
        jobs.compute(videoId, (id, current) -> {
            if (current == null) {
                result[0] = ClaimResult.CLAIMED;
            } else if (current.state() == JobRecord.State.UNCERTAIN
                    || current.state() == JobRecord.State.SUBMITTING && current.updatedAt().isBefore(staleBefore)) {
                result[0] = ClaimResult.TAKEN_OVER;
            } else {
                result[0] = current.state() == JobRecord.State.SUBMITTED ? ClaimResult.ALREADY_SUBMITTED
                        : ClaimResult.IN_PROGRESS;
                return current;
            }
            return JobRecord.submitting(holder, now);
        });
        return result[0];
    }

    @Override
    public void markSubmitted(String videoId, String holder, String jobId, Instant now) {
        JobRecord submitted = JobRecord.submitted(jobId, now);
        jobs.compute(videoId, (id, current) -> {
            if (heldBy(current, holder)) {
                return submitted;
            }
            if (current != null && jobId.equals(current.jobId())) {
                return current;
            }
            throw new IllegalStateException(JobRecord.notHeldMessage(videoId, current));
        });
    }

    @Override
    public void releaseClaim(String videoId, String holder) {
        jobs.computeIfPresent(videoId, (id, current) -> heldBy(current, holder) ? null : current);
    }

    @Override
    public void markUncertain(String videoId, String holder, Instant now) {
        Objects.requireNonNull(now, "now");
        jobs.computeIfPresent(videoId,
                (id, current) -> heldBy(current, holder) ? JobRecord.uncertain(holder, now) : current);
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        return Optional.ofNullable(jobs.get(videoId));
    }

    /** A claim being acted on by {@code holder}. */
    private static boolean heldBy(JobRecord record, String holder) {
        return record != null && record.state() == JobRecord.State.SUBMITTING && record.holder().equals(holder);
    }

    private void requireRegistered(String videoId) {
        if (!keys.containsKey(videoId)) {
            throw new IllegalStateException("video " + videoId + " has no registered key to claim a job for");
        }
    }
}
