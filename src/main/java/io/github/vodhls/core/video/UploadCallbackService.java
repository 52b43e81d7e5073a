package io.github.vodhls.core.video;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InProgressException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.token.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the upload-callback function does with a VOD event: for a successful {@code FileUploadComplete} of a video
 * whose upload VOD confirms, give the video its data key and submit its encrypted transcoding exactly once, however
 * often VOD retries and however many copies arrive at the same moment. Everything else is ignored.
 *
 * <p>Before anything is generated, the {@link VideoCatalog} (VOD) is asked whether the video exists and its source
 * upload completed: an unknown video, or a failed or deleted upload, is ignored (nothing generated, nothing submitted,
 * the reason on the log line); an upload still in progress answers 503 {@code UPLOAD_IN_PROGRESS} so that VOD
 * retries; a catalog that cannot answer answers 503 too.
 *
 * <p>Exactly once rests on the registry's job record: one atomic claim per video, under a random holder id per
 * claim. The holder submits and records the job. When the submission certainly failed (VOD refused it, the
 * connection was refused) it releases the claim; when its outcome is unknown ({@code VOD_OUTCOME_UNKNOWN}: a read
 * timeout, a reset after sending, a 5xx) it keeps the claim, marked uncertain. Both answer 5xx, so VOD retries. A
 * retry that takes over an uncertain claim, or a claim whose holder outlived its lease, first asks the transcoder for
 * the video's job and records the one it finds instead of submitting. A copy that finds another live claim answers
 * 503 too, so that VOD keeps retrying until the holder has finished; once submitted, every further copy is a
 * {@code duplicate}. Every change a holder makes is conditional on still holding its claim.
 *
 * <p>A failure that does not change the answer (recording a job that VOD already has), and the reason an event was
 * ignored, are not dropped: they come back in the {@link Result}, for the endpoint to put on the request's log line.
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
    private final VideoCatalog catalog;
    private final Duration claimLease;
    private final Clock clock;
    private final Supplier<String> holderIds;

    /**
     * @param catalog asked whether each upload exists and completed before anything is generated; null to trust the
     *     event (no confirmation)
     * @param holderIds a fresh, unguessable claim holder id per call (e.g. random hex)
     */
    public UploadCallbackService(VideoKeyService videoKeys, VideoKeyRegistry registry, Transcoder transcoder,
            VideoCatalog catalog, Duration claimLease, Clock clock, Supplier<String> holderIds) {
        this.videoKeys = Objects.requireNonNull(videoKeys, "videoKeys");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
        this.catalog = catalog;
        this.claimLease = Objects.requireNonNull(claimLease, "claimLease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holderIds = Objects.requireNonNull(holderIds, "holderIds");
    }

    public Result handle(VodEvent event) {
        if (!event.isUploadSuccess()) {
            return new Result(Outcome.IGNORED, null);
        }
        String videoId = Identifiers.requireId("videoId", event.videoId());
        String unconfirmed = confirmUpload(videoId);
        if (unconfirmed != null) {
            return new Result(Outcome.IGNORED, unconfirmed);
        }
        VideoKeyService.RegisteredKey key = videoKeys.ensureKey(videoId);
        String holder = holderIds.get();
        switch (registry.claimSubmission(videoId, holder, clock.instant(), claimLease)) {
            case ALREADY_SUBMITTED:
                return new Result(Outcome.DUPLICATE, null);
            case IN_PROGRESS:
                throw new InProgressException(ErrorCode.TRANSCODE_IN_PROGRESS,
                        "another delivery of this event is submitting video " + videoId + "'s transcoding");
            case TAKEN_OVER:
                Optional<String> existing = findSubmitted(videoId, holder);
                if (existing.isPresent()) {
                    String found = "found transcoding job " + existing.get() + " of video " + videoId
                            + " at the transcoder after an earlier delivery's submission of unknown outcome: nothing "
                            + "submitted";
                    String failure = recordSubmitted(videoId, holder, existing.get());
                    return new Result(Outcome.DUPLICATE, failure == null ? found : found + "; " + failure);
                }
                break;
            default:
                break;
        }
        String jobId;
        try {
            jobId = transcoder.submitEncrypted(videoId, key.key().ciphertext(), key.decryptKeyUri());
        } catch (RuntimeException e) {
            try {
                if (outcomeUnknown(e)) {
                    registry.markUncertain(videoId, holder, clock.instant());
                } else {
                    registry.releaseClaim(videoId, holder);
                }
            } catch (RuntimeException claimFailure) {
                // The claim then simply expires after the lease, and whoever takes it over asks the transcoder first.
                e.addSuppressed(claimFailure);
            }
            throw e;
        }
        return new Result(Outcome.SUBMITTED, recordSubmitted(videoId, holder, jobId));
    }

    /** Null when the catalog confirms the upload (or there is no catalog), else why the event is ignored. */
    private String confirmUpload(String videoId) {
        if (catalog == null) {
            return null;
        }
        UploadStatus upload = catalog.uploadStatus(videoId);
        switch (upload.state()) {
            case COMPLETE:
                return null;
            case UPLOADING:
                throw new InProgressException(ErrorCode.UPLOAD_IN_PROGRESS, "VOD reports the upload of video "
                        + videoId + " as still in progress (" + upload.detail() + ")");
            case UNKNOWN_VIDEO:
                return "VOD does not know video " + videoId + " (" + upload.detail()
                        + "): no key generated, nothing submitted";
            default:
                return "VOD reports no completed upload for video " + videoId + " (" + upload.detail()
                        + "): no key generated, nothing submitted";
        }
    }

    /**
     * The job an earlier holder's submission may have created. When the transcoder cannot say, the claim goes back
     * to uncertain (so the next delivery asks again at once) and the failure answers 503.
     */
    private Optional<String> findSubmitted(String videoId, String holder) {
        try {
            return transcoder.findSubmitted(videoId);
        } catch (RuntimeException e) {
            try {
                registry.markUncertain(videoId, holder, clock.instant());
            } catch (RuntimeException claimFailure) {
                e.addSuppressed(claimFailure);
            }
            throw e;
        }
    }

    /**
     * Whether a failed submission may have reached the transcoder: {@code VOD_OUTCOME_UNKNOWN}, or anything that is
     * not one of this package's coded failures (its cause is not known either).
     */
    private static boolean outcomeUnknown(RuntimeException failure) {
        return !(failure instanceof VodHlsException)
                || ((VodHlsException) failure).errorCode() == ErrorCode.VOD_OUTCOME_UNKNOWN;
    }

    /**
     * Records the job. The job exists at VOD now, so this never turns into a 5xx that would make VOD retry (and,
     * once the claim expired, look the job up or submit again): a few attempts, then the claim is left to expire.
     *
     * @return null when the first attempt recorded the job, else what failed (and whether a later attempt did it)
     */
    private String recordSubmitted(String videoId, String holder, String jobId) {
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
            try {
                registry.markSubmitted(videoId, holder, jobId, clock.instant());
                return failures.isEmpty() ? null : "transcoding job " + jobId + " of video " + videoId
                        + " recorded at attempt " + attempt + " of " + MARK_ATTEMPTS + " after: "
                        + String.join("; ", failures);
            } catch (RuntimeException e) {
                failures.add("attempt " + attempt + ": " + VodHlsException.forLog(e));
            }
        }
        return "transcoding job " + jobId + " of video " + videoId + " was submitted but not recorded ("
                + String.join("; ", failures) + "); the claim expires after " + claimLease.getSeconds()
                + " s, and a delivery of the event after that asks the transcoder for the job before submitting";
    }
}
