package io.github.vodhls.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * One token a viewer holds, as {@link ViewerStreams} remembers it: its id, the slot it occupies and its lifetime. The
 * token string itself is never kept.
 *
 * <p>The slot is the device when the request named one (a screen plays one stream at a time, whatever the video),
 * else the video (requests without a device for the same video share a slot).
 */
public final class LiveToken {
    private final String tokenId;
    private final String videoId;
    private final String device;
    private final Instant issuedAt;
    private final Instant expiresAt;

    /** @param device the device label of the request, or null when it named none */
    public LiveToken(String tokenId, String videoId, String device, Instant issuedAt, Instant expiresAt) {
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        this.videoId = Objects.requireNonNull(videoId, "videoId");
        this.device = device;
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The token these claims describe, counted until {@code until}: the end its play session can reach (its cap; its
     * {@code exp} with sessions off), for a token in use stays valid that long.
     */
    public static LiveToken of(TokenClaims claims, Instant until) {
        return new LiveToken(claims.tokenId(), claims.videoId(), claims.device().orElse(null), claims.issuedAt(),
                until);
    }

    public String tokenId() {
        return tokenId;
    }

    public String videoId() {
        return videoId;
    }

    /** The device label, or null. */
    public String device() {
        return device;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Whether {@code other} takes the same slot: the same device, or, for two tokens without a device, the same
     * video.
     */
    public boolean sameSlot(LiveToken other) {
        return device != null ? device.equals(other.device) : other.device == null && videoId.equals(other.videoId);
    }

    /** Whether the token may still play at {@code now}: the end it is counted until is later. */
    public boolean liveAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LiveToken)) {
            return false;
        }
        LiveToken t = (LiveToken) o;
        return tokenId.equals(t.tokenId) && videoId.equals(t.videoId) && Objects.equals(device, t.device)
                && issuedAt.equals(t.issuedAt) && expiresAt.equals(t.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokenId, videoId, device, issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "LiveToken[tokenId=" + tokenId + ", videoId=" + videoId + (device == null ? "" : ", device=" + device)
                + ", expiresAt=" + expiresAt + "]";
    }
}
