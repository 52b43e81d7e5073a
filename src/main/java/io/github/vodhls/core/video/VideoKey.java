package io.github.vodhls.core.video;

import io.github.vodhls.core.keys.KeyService;
import java.time.Instant;
import java.util.Objects;

/**
 * A video's registered data-key ciphertext and the service that made it (only that service opens it); the plaintext
 * never lives in the registry.
 */
public final class VideoKey {
    private final String videoId;
    private final String ciphertext;
    private final KeyService keyService;
    private final Instant createdAt;

    /** A key made by KMS. */
    public VideoKey(String videoId, String ciphertext, Instant createdAt) {
        this(videoId, ciphertext, KeyService.KMS, createdAt);
    }

    public VideoKey(String videoId, String ciphertext, KeyService keyService, Instant createdAt) {
        this.videoId = Objects.requireNonNull(videoId, "videoId");
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
        this.keyService = Objects.requireNonNull(keyService, "keyService");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String videoId() {
        return videoId;
    }

    public String ciphertext() {
        return ciphertext;
    }

    /** The service that made the ciphertext, and the only one that can open it. */
    public KeyService keyService() {
        return keyService;
    }

    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VideoKey)) {
            return false;
        }
        VideoKey other = (VideoKey) o;
        return videoId.equals(other.videoId) && ciphertext.equals(other.ciphertext)
                && keyService == other.keyService && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, ciphertext, keyService, createdAt);
    }

    @Override
    public String toString() {
        return "VideoKey[videoId=" + videoId + ", keyService=" + keyService.code() + ", createdAt=" + createdAt + "]";
    }
}
