package io.github.vodhls.core.video;

/**
 * Port to the service that transcodes an uploaded video into encrypted HLS: ApsaraVideo VOD's
 * {@code SubmitTranscodeJobs} in the cloud, an ffmpeg-based emulation on one machine. Calling it twice for one video
 * produces duplicate outputs, so core calls it at most once per video (see the job record in the registry).
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
     */
    String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri);
}
