package io.github.vodhls.core.video;

import java.util.Optional;

/**
 * Port to the service that transcodes an uploaded video into encrypted HLS: ApsaraVideo VOD's
 * {@code SubmitTranscodeJobs} in the cloud, an ffmpeg-based emulation on one machine. Calling it twice for one video
 * produces duplicate outputs, so core calls it at most once per video (see the job record in the registry), and
 * asks {@link #findSubmitted} first whenever an earlier submission may have reached the service unanswered.
 * Failures are {@link io.github.vodhls.core.error.DependencyUnavailableException}s so the caller can answer 5xx and
 * be retried.
 */
public interface Transcoder {

    /**
     * Submits the encrypted transcoding of a video.
     *
     * @param videoId the VOD video id
     * @param ciphertext the data key's KMS ciphertext (the {@code CipherText} of EncryptConfig)
     * @param decryptKeyUri the key URI players will call, with the URL-encoded ciphertext
     * @return the transcoding job id (or ids, comma-separated) as the service reports it
     * @throws io.github.vodhls.core.error.DependencyUnavailableException with
     *     {@link io.github.vodhls.core.error.ErrorCode#VOD_OUTCOME_UNKNOWN} when the request may have reached the
     *     service and the job may exist (a read timeout, a connection reset after sending, a 5xx); with another
     *     503 code when the service certainly did not take the job
     */
    String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri);

    /**
     * The id of an encrypted transcoding job that the service already has for the video, submitted the way
     * {@link #submitEncrypted} submits (same template group), if any.
     *
     * @throws io.github.vodhls.core.error.DependencyUnavailableException when the service cannot answer now
     */
    Optional<String> findSubmitted(String videoId);
}
