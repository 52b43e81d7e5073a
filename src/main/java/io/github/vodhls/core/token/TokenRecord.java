package io.github.vodhls.core.token;

import java.time.Instant;
import java.util.Objects;

/** What the store keeps of an issued token: ids and limits, never the token string itself. */
public final class TokenRecord {
    private final String tokenId;
    private final String videoId;
    private final String userId;
    private final int maxUses;
    private final Instant issuedAt;
    private final Instant expiresAt;

    public TokenRecord(String tokenId, String videoId, String userId, int maxUses, Instant issuedAt,
            Instant expiresAt) {
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        this.videoId = Objects.requireNonNull(videoId, "videoId");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.maxUses = maxUses;
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public String tokenId() {
        return tokenId;
    }

    public String videoId() {
        return videoId;
    }

    public String userId() {
        return userId;
    }

    public int maxUses() {
        return maxUses;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "TokenRecord[tokenId=" + tokenId + ", videoId=" + videoId + ", maxUses=" + maxUses + ", expiresAt="
                + expiresAt + "]";
    }
}
