package io.github.vodhls.core.video;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InProgressException;
import io.github.vodhls.core.error.VodHlsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the upload-callback function does with a VOD event: for a successful {@code FileUploadComplete}, give the
 * video its data key and submit its encrypted transcoding exactly once, however often VOD retries and however many
 * copies arrive at the same moment. Everything else is ignored.
 *
 * <p>Exactly once rests on the registry's job record: one atomic claim per video; the claim holder submits and
 * records the job, or releases the claim when the submission fails (the failure answers 5xx, so VOD retries and the
 * retry can claim again). A copy that finds another live claim answers 503 too, so that VOD keeps retrying until the
 * holder has finished; once submitted, every further copy is a {@code duplicate}.
 *
 * <p>A failure that does not change the answer (recording a job that VOD already has) is not dropped: it comes back
 * in the {@link Result}, for the endpoint to put on the request's log line.
 */
public final class UploadCallbackService {

    /** What happened to one event. */
    public enum Outcome {
        SUBMITTED, DUPLICATE, IGNORED;

        /** The wire form: {@code submitted}, {@code duplicate}, {@code ignored}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What happened to one event, and any failure that was handled without changing that. */
    public static final class Result {
        private final Outcome outcome;
        private final String problem;

        Result(Outcome outcome, String problem) {
            this.outcome = outcome;
            this.problem = problem;
        }

        public Outcome outcome() {
            return outcome;
        }

        /**
         * A failure handled without failing the event, for the log (ids, error codes, messages of
         * {@link VodHlsException}s and class names only), or empty.
         */
        public Optional<String> problem() {
            return Optional.ofNullable(problem);
        }

        @Override
        public String toString() {
            return "Result[" + outcome + (problem == null ? "" : ", " + problem) + "]";
        }
    }

    static final int MARK_ATTEMPTS = 3;

    private final VideoKeyService videoKeys;
    private final VideoKeyRegistry registry;
    private final Transcoder transcoder;
    private final Duration claimLease;
    private final Clock clock;

    public UploadCallbackService(VideoKeyService videoKeys, VideoKeyRegistry registry, Transcoder transcoder,
            Duration claimLease, Clock clock) {
        this.videoKeys = videoKeys;
        this.registry = registry;
        this.transcoder = transcoder;
        this.claimLease = claimLease;
        this.clock = clock;
    }

    public Result handle(VodEvent event) {
        if (!event.isUploadSuccess()) {
            return new Result(Outcome.IGNORED, null);
        }
        VideoKeyService.RegisteredKey key = videoKeys.ensureKey(event.videoId());
        String videoId = key.key().videoId();
        switch (registry.claimSubmission(videoId, clock.instant(), claimLease)) {
            case ALREADY_SUBMITTED:
                return new Result(Outcome.DUPLICATE, null);
            case IN_PROGRESS:
                throw new InProgressException(ErrorCode.TRANSCODE_IN_PROGRESS,
                        "another delivery of this event is submitting video " + videoId + "'s transcoding");
            default:
                break;
        }
        String jobId;
        try {
            jobId = transcoder.submitEncrypted(videoId, key.key().ciphertext(), key.decryptKeyUri());
        } catch (RuntimeException e) {
            try {
                registry.releaseClaim(videoId);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure); // the claim then simply expires after the lease
            }
            throw e;
        }
        return new Result(Outcome.SUBMITTED, recordSubmitted(videoId, jobId));
    }

    /**
     * Records the job. The job exists at VOD now, so this never turns into a 5xx that would make VOD retry (and,
     * once the claim expired, submit again): a few attempts, then the claim is left to expire.
     *
     * @return null when the first attempt recorded the job, else what failed (and whether a later attempt did it)
     */
    private String recordSubmitted(String videoId, String jobId) {
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
            try {
                registry.markSubmitted(videoId, jobId, clock.instant());
                return failures.isEmpty() ? null : "transcoding job " + jobId + " of video " + videoId
                        + " recorded at attempt " + attempt + " of " + MARK_ATTEMPTS + " after: "
                        + String.join("; ", failures);
            } catch (RuntimeException e) {
                failures.add("attempt " + attempt + ": " + VodHlsException.forLog(e));
            }
        }
        return "transcoding job " + jobId + " of video " + videoId + " was submitted but not recorded ("
                + String.join("; ", failures) + "); the claim expires after " + claimLease.getSeconds()
                + " s, and a delivery of the event after that would submit the video again";
    }
}
