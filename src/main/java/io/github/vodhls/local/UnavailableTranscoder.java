package io.github.vodhls.local;

import io.github.vodhls.core.video.Transcoder;

/**
 * The local stack's transcoder when ffmpeg cannot run on the machine: the callback then answers 503 and the local
 * VOD emulation marks the upload Failed with this reason, while tokens and keys keep working.
 */
final class UnavailableTranscoder implements Transcoder {
    private final String reason;

    UnavailableTranscoder(String reason) {
        this.reason = reason;
    }

    @Override
    public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
        throw new io.github.vodhls.core.error.DependencyUnavailableException(
                io.github.vodhls.core.error.ErrorCode.INTERNAL_ERROR, reason);
    }
}
