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
 * {@linkplain #claimSubmission claims} the submission under a holder id of its own (one atomic conditional write),
 * submits only when it got the claim, then {@linkplain #markSubmitted records the job}; when the submission failed
 * for certain it {@linkplain #releaseClaim releases the claim} so that VOD's retry can claim again, and when the
 * outcome is unknown (the request may have reached the transcoder) it {@linkplain #markUncertain marks the claim
 * uncertain}, so that the next caller asks the transcoder before submitting. Every change a holder makes is
 * conditional on still holding the claim: a holder that stalled past its lease cannot undo or overwrite the claim
 * of the caller that took over. Job records change, so they must never be cached.
 */
public interface VideoKeyRegistry {

    /** Outcome of {@link #claimSubmission}. */
    enum ClaimResult {
        /** The caller holds the claim, and no earlier claim can have submitted: it may submit now. */
        CLAIMED,
        /**
         * The caller holds the claim, taken over from an earlier holder whose submission may have reached the
         * transcoder (its outcome was {@linkplain JobRecord.State#UNCERTAIN unknown}, or its lease ran out): ask the
         * transcoder for the video's job before submitting.
         */
        TAKEN_OVER,
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
     * Atomically claims the right to submit the video's transcoding job for {@code holder}: conditional writes,
     * atomic across instances, so that of any number of concurrent callers at most one gets the claim.
     *
     * <p>{@link ClaimResult#CLAIMED} if there is no job record; {@link ClaimResult#TAKEN_OVER} if the record is
     * {@linkplain JobRecord.State#UNCERTAIN uncertain} (at any age) or a claim made more than {@code lease} before
     * {@code now} (its holder presumably crashed); {@link ClaimResult#ALREADY_SUBMITTED} if a job was submitted;
     * {@link ClaimResult#IN_PROGRESS} if another live claim holds it. The record is then
     * {@link JobRecord#submitting} by {@code holder} at {@code now} for the first two.
     *
     * @param holder the caller's claim id, unique per claim (e.g. random)
     * @param lease how long a claim stays live; must be positive
     * @throws IllegalStateException if the video has no registered key
     * @throws IllegalArgumentException if {@code lease} is not positive
     */
    ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease);

    /**
     * Records the submitted job: the state becomes {@link JobRecord.State#SUBMITTED} with {@code jobId}, and every
     * later claim answers {@link ClaimResult#ALREADY_SUBMITTED}. Only while {@code holder} holds the claim
     * ({@link JobRecord.State#SUBMITTING}). Idempotent: once the same job id is recorded, repeating the call changes
     * nothing.
     *
     * @throws IllegalStateException if {@code holder} holds no claim (none taken, or another caller's, or an
     *     uncertain one), or another job id is recorded
     */
    void markSubmitted(String videoId, String holder, String jobId, Instant now);

    /**
     * Drops {@code holder}'s claim after a submission that certainly failed, so that VOD's retry can claim again.
     * Does nothing when {@code holder} holds no claim (none taken, the job submitted, or another caller took the
     * claim over).
     */
    void releaseClaim(String videoId, String holder);

    /**
     * Marks {@code holder}'s claim {@linkplain JobRecord.State#UNCERTAIN uncertain} at {@code now}: its submission may
     * have reached the transcoder. The next claim takes it over at once ({@link ClaimResult#TAKEN_OVER}). Does
     * nothing when {@code holder} holds no claim.
     */
    void markUncertain(String videoId, String holder, Instant now);

    /**
     * The video's job record, if any: {@link JobRecord.State#SUBMITTING} while a claim is held (live or stale),
     * {@link JobRecord.State#UNCERTAIN} after a submission of unknown outcome, or {@link JobRecord.State#SUBMITTED}
     * with the job id, with the time of the last change.
     */
    Optional<JobRecord> job(String videoId);
}
