package io.github.vodhls.core.video;

import java.time.Instant;
import java.util.Objects;

/** A video's registered data-key ciphertext (the plaintext never lives in the registry). */
public final class VideoKey {
    private final String videoId;
    private final String ciphertext;
    private final Instant createdAt;

    public VideoKey(String videoId, String ciphertext, Instant createdAt) {
        this.videoId = Objects.requireNonNull(videoId, "videoId");
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String videoId() {
        return videoId;
    }

    public String ciphertext() {
        return ciphertext;
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
                && createdAt.equals(other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, ciphertext, createdAt);
    }

    @Override
    public String toString() {
        return "VideoKey[videoId=" + videoId + ", createdAt=" + createdAt + "]";
    }
}
