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
    public ClaimResult claimSubmission(String videoId, Instant now, Duration lease) {
        Objects.requireNonNull(now, "now");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        requireRegistered(videoId); // registrations are never removed, so the check stays true
        Instant staleBefore = now.minus(lease);
        ClaimResult[] result = new ClaimResult[1];
        jobs.compute(videoId, (id, current) -> {
            if (current == null
                    || current.state() == JobRecord.State.SUBMITTING && current.updatedAt().isBefore(staleBefore)) {
                result[0] = ClaimResult.CLAIMED;
                return JobRecord.submitting(now);
            }
            result[0] = current.state() == JobRecord.State.SUBMITTED ? ClaimResult.ALREADY_SUBMITTED
                    : ClaimResult.IN_PROGRESS;
            return current;
        });
        return result[0];
    }

    @Override
    public void markSubmitted(String videoId, String jobId, Instant now) {
        JobRecord submitted = JobRecord.submitted(jobId, now);
        jobs.compute(videoId, (id, current) -> {
            if (current != null && current.state() == JobRecord.State.SUBMITTING) {
                return submitted;
            }
            if (current != null && jobId.equals(current.jobId())) {
                return current;
            }
            throw new IllegalStateException(noClaimMessage(videoId, current));
        });
    }

    @Override
    public void releaseClaim(String videoId) {
        jobs.computeIfPresent(videoId,
                (id, current) -> current.state() == JobRecord.State.SUBMITTING ? null : current);
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        return Optional.ofNullable(jobs.get(videoId));
    }

    private void requireRegistered(String videoId) {
        if (!keys.containsKey(videoId)) {
            throw new IllegalStateException("video " + videoId + " has no registered key to claim a job for");
        }
    }

    private static String noClaimMessage(String videoId, JobRecord current) {
        return current == null ? "video " + videoId + " holds no claim to mark submitted"
                : "video " + videoId + " already has job " + current.jobId() + " submitted";
    }
}
