package io.github.vodhls.core.video;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of a video's transcoding-job submission, as {@link VideoKeyRegistry#job} reports it: a claim being
 * acted on ({@link State#SUBMITTING}), a claim whose submission may or may not have reached the transcoder
 * ({@link State#UNCERTAIN}), both with the id of the claim's holder and no job id; or a submitted job
 * ({@link State#SUBMITTED}) with its id and no holder.
 */
public final class JobRecord {

    /** Where the submission stands. */
    public enum State {
        /** A caller holds the claim and is submitting the job. */
        SUBMITTING,
        /**
         * The holder's submission ended without telling whether the transcoder took the job (a read timeout, a
         * connection reset after sending, a 5xx). The next caller may claim at once, but asks the transcoder for the
         * job before submitting.
         */
        UNCERTAIN,
        /** The job was submitted; it is never submitted again. */
        SUBMITTED
    }

    private final State state;
    private final String jobId;
    private final String holder;
    private final Instant updatedAt;

    /**
     * A record; {@code jobId} is set exactly when {@code state} is {@link State#SUBMITTED}, {@code holder} exactly
     * when it is not.
     *
     * @throws IllegalArgumentException if the job id or the holder does not fit the state
     */
    public JobRecord(State state, String jobId, String holder, Instant updatedAt) {
        this.state = Objects.requireNonNull(state, "state");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        boolean submitted = state == State.SUBMITTED;
        if (submitted != (jobId != null)) {
            throw new IllegalArgumentException("a " + state + " job record " + (jobId == null ? "needs" : "has no")
                    + " job id");
        }
        if (submitted == (holder != null)) {
            throw new IllegalArgumentException("a " + state + " job record " + (holder == null ? "needs" : "has no")
                    + " holder");
        }
        this.jobId = jobId;
        this.holder = holder;
    }

    /** A live or stale claim taken by {@code holder} at {@code claimedAt}. */
    public static JobRecord submitting(String holder, Instant claimedAt) {
        return new JobRecord(State.SUBMITTING, null, Objects.requireNonNull(holder, "holder"), claimedAt);
    }

    /** {@code holder}'s claim, whose submission's outcome became unknown at {@code at}. */
    public static JobRecord uncertain(String holder, Instant at) {
        return new JobRecord(State.UNCERTAIN, null, Objects.requireNonNull(holder, "holder"), at);
    }

    /** A job submitted as {@code jobId} at {@code submittedAt}. */
    public static JobRecord submitted(String jobId, Instant submittedAt) {
        return new JobRecord(State.SUBMITTED, Objects.requireNonNull(jobId, "jobId"), null, submittedAt);
    }

    /**
     * Why a holder may not change {@code current}, the video's record (or null when it has none), for the
     * {@link IllegalStateException} of {@link VideoKeyRegistry#markSubmitted}: names the state, never a holder id.
     */
    public static String notHeldMessage(String videoId, JobRecord current) {
        if (current == null) {
            return "video " + videoId + " holds no claim to mark submitted";
        }
        if (current.state == State.SUBMITTED) {
            return "video " + videoId + " already has job " + current.jobId + " submitted";
        }
        return "video " + videoId + "'s claim is not this caller's (" + current.state + ", held by another caller"
                + (current.state == State.UNCERTAIN ? ", its submission's outcome unknown)" : ")");
    }

    public State state() {
        return state;
    }

    /** The submitted job's id; {@code null} unless {@link State#SUBMITTED}. */
    public String jobId() {
        return jobId;
    }

    /** The id of the claim's holder; {@code null} once {@link State#SUBMITTED}. */
    public String holder() {
        return holder;
    }

    /** When the state last changed (the claim, its uncertain end, or the submission). */
    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JobRecord)) {
            return false;
        }
        JobRecord other = (JobRecord) o;
        return state == other.state && Objects.equals(jobId, other.jobId) && Objects.equals(holder, other.holder)
                && updatedAt.equals(other.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, jobId, holder, updatedAt);
    }

    @Override
    public String toString() {
        return "JobRecord[state=" + state + ", jobId=" + jobId + ", holder=" + holder + ", updatedAt=" + updatedAt
                + "]";
    }
}
