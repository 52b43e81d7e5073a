package io.github.vodhls.adapters.local.vod;

import io.github.vodhls.core.video.Transcoder;

/**
 * The local stack's transcoder when ffmpeg cannot run on the machine: the callback then answers 503
 * ({@code VOD_UNAVAILABLE}: the local stand-in for VOD's transcoding cannot take the job) and the local VOD emulation
 * marks the upload Failed, while tokens and keys keep working.
 */
public final class UnavailableTranscoder implements Transcoder {
    private final String reason;

    public UnavailableTranscoder(String reason) {
        this.reason = reason;
    }

    @Override
    public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
        throw new io.github.vodhls.core.error.DependencyUnavailableException(
                io.github.vodhls.core.error.ErrorCode.VOD_UNAVAILABLE, reason);
    }

    /** It never takes a job, so it has none. */
    @Override
    public java.util.Optional<String> findSubmitted(String videoId) {
        return java.util.Optional.empty();
    }
}
