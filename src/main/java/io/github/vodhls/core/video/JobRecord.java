package io.github.vodhls.core.video;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of a video's transcoding-job submission, as {@link VideoKeyRegistry#job} reports it: a claim being
 * acted on ({@link State#SUBMITTING}, no job id yet) or a submitted job ({@link State#SUBMITTED} with its id).
 */
public final class JobRecord {

    /** Where the submission stands. */
    public enum State {
        /** A caller holds the claim and is submitting the job. */
        SUBMITTING,
        /** The job was submitted; it is never submitted again. */
        SUBMITTED
    }

    private final State state;
    private final String jobId;
    private final Instant updatedAt;

    /**
     * A record; {@code jobId} is {@code null} exactly when {@code state} is {@link State#SUBMITTING}.
     *
     * @throws IllegalArgumentException if the job id does not fit the state
     */
    public JobRecord(State state, String jobId, Instant updatedAt) {
        this.state = Objects.requireNonNull(state, "state");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        if ((state == State.SUBMITTED) != (jobId != null)) {
            throw new IllegalArgumentException("a " + state + " job record " + (jobId == null ? "needs" : "has no")
                    + " job id");
        }
        this.jobId = jobId;
    }

    /** A live or stale claim taken at {@code claimedAt}. */
    public static JobRecord submitting(Instant claimedAt) {
        return new JobRecord(State.SUBMITTING, null, claimedAt);
    }

    /** A job submitted as {@code jobId} at {@code submittedAt}. */
    public static JobRecord submitted(String jobId, Instant submittedAt) {
        return new JobRecord(State.SUBMITTED, Objects.requireNonNull(jobId, "jobId"), submittedAt);
    }

    public State state() {
        return state;
    }

    /** The submitted job's id; {@code null} while submitting. */
    public String jobId() {
        return jobId;
    }

    /** When the state last changed (the claim, or the submission). */
    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JobRecord)) {
            return false;
        }
        JobRecord other = (JobRecord) o;
        return state == other.state && Objects.equals(jobId, other.jobId) && updatedAt.equals(other.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, jobId, updatedAt);
    }

    @Override
    public String toString() {
        return "JobRecord[state=" + state + ", jobId=" + jobId + ", updatedAt=" + updatedAt + "]";
    }
}
