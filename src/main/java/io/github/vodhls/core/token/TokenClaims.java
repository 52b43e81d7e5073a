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
    private final String clientIp;
    private final String deviceType;

    public TokenClaims(String tokenId, String userId, String videoId, String device, Instant issuedAt,
            Instant expiresAt, int maxUses) {
        this(tokenId, userId, videoId, device, issuedAt, expiresAt, maxUses, null, null);
    }

    /**
     * @param clientIp the client IP the token is bound to, or null
     * @param deviceType the device type the token is bound to, or null
     */
    public TokenClaims(String tokenId, String userId, String videoId, String device, Instant issuedAt,
            Instant expiresAt, int maxUses, String clientIp, String deviceType) {
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.videoId = Objects.requireNonNull(videoId, "videoId");
        this.device = device;
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.maxUses = maxUses;
        this.clientIp = clientIp;
        this.deviceType = deviceType;
    }

    /** The client IP this token is bound to, if any. */
    public Optional<String> clientIp() {
        return Optional.ofNullable(clientIp);
    }

    /** The device type this token is bound to, if any. */
    public Optional<String> deviceType() {
        return Optional.ofNullable(deviceType);
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
