package io.github.vodhls.core.video;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Port to the registry that binds each video to its one data-key ciphertext. A registration never changes once
 * made (a conditional write), so readers may cache it.
 *
 * <p>The registry also keeps the video's job record, so that its transcoding job is submitted at most once however
 * often VOD retries the upload callback and however many copies arrive at once: a caller first
 * {@linkplain #claimSubmission claims} the submission (one atomic conditional write), submits only when it got
 * {@link ClaimResult#CLAIMED}, then {@linkplain #markSubmitted records the job} or, when the submission failed,
 * {@linkplain #releaseClaim releases the claim} so that VOD's retry can claim again. Job records change, so they
 * must never be cached.
 */
public interface VideoKeyRegistry {

    /** Outcome of {@link #claimSubmission}. */
    enum ClaimResult {
        /** The caller holds the claim and may submit the job now. */
        CLAIMED,
        /** A job was already submitted for the video; submit nothing. */
        ALREADY_SUBMITTED,
        /** Another caller holds a live claim and is submitting; submit nothing now. */
        IN_PROGRESS
    }

    /** The key registered for the video, if any. */
    Optional<VideoKey> find(String videoId);

    /**
     * Registers the key unless the video already has one; returns the key that is registered afterwards (the
     * existing one when another caller won the race). Atomic across instances.
     */
    VideoKey registerIfAbsent(VideoKey key);

    /**
     * Atomically claims the right to submit the video's transcoding job: one conditional write, atomic across
     * instances, so that of any number of concurrent callers at most one gets {@link ClaimResult#CLAIMED}.
     *
     * <p>{@link ClaimResult#CLAIMED} if no job was submitted and no other claim is live; a claim made more than
     * {@code lease} before {@code now} (its holder presumably crashed) is taken over. {@link
     * ClaimResult#ALREADY_SUBMITTED} if a job was submitted; {@link ClaimResult#IN_PROGRESS} if another live claim
     * holds it.
     *
     * @param lease how long a claim stays live; must be positive
     * @throws IllegalStateException if the video has no registered key
     * @throws IllegalArgumentException if {@code lease} is not positive
     */
    ClaimResult claimSubmission(String videoId, Instant now, Duration lease);

    /**
     * Records the submitted job: the state becomes {@link JobRecord.State#SUBMITTED} with {@code jobId}, and every
     * later claim answers {@link ClaimResult#ALREADY_SUBMITTED}. Only the claim holder calls this. Idempotent: once
     * the same job id is recorded, repeating the call changes nothing.
     *
     * @throws IllegalStateException if the video holds no claim, or another job id is recorded
     */
    void markSubmitted(String videoId, String jobId, Instant now);

    /**
     * Drops the claim after a failed submission, so that VOD's retry can claim again. Does nothing when no claim
     * is held (none taken, or the job already submitted). The registry cannot tell claim holders apart: a holder
     * whose lease ran out and whose claim was taken over would drop the new holder's claim, so call this only
     * within the lease.
     */
    void releaseClaim(String videoId);

    /**
     * The video's job record, if any: {@link JobRecord.State#SUBMITTING} (job id {@code null}) while a claim is
     * held, live or stale, or {@link JobRecord.State#SUBMITTED} with the job id, with the time of the last change.
     */
    Optional<JobRecord> job(String videoId);
}
