package io.github.vodhls.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The verified content of an {@code MtsHlsUriToken}. */
public final class TokenClaims {
    private final String tokenId;
    private final String userId;
    private final String videoId;
    private final String device;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final int maxUses;

    public TokenClaims(String tokenId, String userId, String videoId, String device, Instant issuedAt,
            Instant expiresAt, int maxUses) {
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.videoId = Objects.requireNonNull(videoId, "videoId");
        this.device = device;
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.maxUses = maxUses;
    }

    public String tokenId() {
        return tokenId;
    }

    public String userId() {
        return userId;
    }

    public String videoId() {
        return videoId;
    }

    public Optional<String> device() {
        return Optional.ofNullable(device);
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public int maxUses() {
        return maxUses;
    }

    @Override
    public String toString() {
        return "TokenClaims[tokenId=" + tokenId + ", videoId=" + videoId + ", expiresAt=" + expiresAt + ", maxUses="
                + maxUses + "]";
    }
}
