package io.github.vodhls.core.video;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InProgressException;
import java.time.Clock;
import java.time.Duration;

/**
 * What the upload-callback function does with a VOD event: for a successful {@code FileUploadComplete}, give the
 * video its data key and submit its encrypted transcoding exactly once, however often VOD retries and however many
 * copies arrive at the same moment. Everything else is ignored.
 *
 * <p>Exactly once rests on the registry's job record: one atomic claim per video; the claim holder submits and
 * records the job, or releases the claim when the submission fails (the failure answers 5xx, so VOD retries and the
 * retry can claim again). A copy that finds another live claim answers 503 too, so that VOD keeps retrying until the
 * holder has finished; once submitted, every further copy is a {@code duplicate}.
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

    private static final int MARK_ATTEMPTS = 3;

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

    public Outcome handle(VodEvent event) {
        if (!event.isUploadSuccess()) {
            return Outcome.IGNORED;
        }
        VideoKeyService.RegisteredKey key = videoKeys.ensureKey(event.videoId());
        String videoId = key.key().videoId();
        switch (registry.claimSubmission(videoId, clock.instant(), claimLease)) {
            case ALREADY_SUBMITTED:
                return Outcome.DUPLICATE;
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
        recordSubmitted(videoId, jobId);
        return Outcome.SUBMITTED;
    }

    /**
     * Records the job. The job exists at VOD now, so this never turns into a 5xx that would make VOD retry (and,
     * once the claim expired, submit again): a few attempts, then the claim is left to expire.
     */
    private void recordSubmitted(String videoId, String jobId) {
        for (int attempt = 1; ; attempt++) {
            try {
                registry.markSubmitted(videoId, jobId, clock.instant());
                return;
            } catch (RuntimeException e) {
                if (attempt == MARK_ATTEMPTS) {
                    return;
                }
            }
        }
    }
}
