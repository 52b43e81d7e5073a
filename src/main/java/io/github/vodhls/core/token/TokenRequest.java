package io.github.vodhls.core.token;

import java.util.Objects;
import java.util.Optional;

/** What a caller asks for: a token for one user and one video, optionally with a device, lifetime and use limit. */
public final class TokenRequest {
    private final String videoId;
    private final String userId;
    private final String device;
    private final Integer ttlSeconds;
    private final Integer maxUses;
    private final String clientIp;
    private final String deviceType;
    private final StreamLimits streamLimits;

    public TokenRequest(String videoId, String userId, String device, Integer ttlSeconds, Integer maxUses) {
        this(videoId, userId, device, ttlSeconds, maxUses, null, null);
    }

    /**
     * @param clientIp the viewer's IP to bind the token to, or null for no IP binding
     * @param deviceType the device type to bind the token to, or null for no device binding
     */
    public TokenRequest(String videoId, String userId, String device, Integer ttlSeconds, Integer maxUses,
            String clientIp, String deviceType) {
        this(videoId, userId, device, ttlSeconds, maxUses, clientIp, deviceType, null);
    }

    private TokenRequest(String videoId, String userId, String device, Integer ttlSeconds, Integer maxUses,
            String clientIp, String deviceType, StreamLimits streamLimits) {
        this.videoId = videoId;
        this.userId = userId;
        this.device = device;
        this.ttlSeconds = ttlSeconds;
        this.maxUses = maxUses;
        this.clientIp = clientIp;
        this.deviceType = deviceType;
        this.streamLimits = streamLimits;
    }

    /** This request held to {@code limits} for its user (null: not limited). */
    public TokenRequest withStreamLimits(StreamLimits limits) {
        return new TokenRequest(videoId, userId, device, ttlSeconds, maxUses, clientIp, deviceType, limits);
    }

    /** The limits the user is held to, if any (a viewer's own requests always are; the backend's when it asks). */
    public Optional<StreamLimits> streamLimits() {
        return Optional.ofNullable(streamLimits);
    }

    public String clientIp() {
        return clientIp;
    }

    public String deviceType() {
        return deviceType;
    }

    public String videoId() {
        return videoId;
    }

    public String userId() {
        return userId;
    }

    public String device() {
        return device;
    }

    public Integer ttlSeconds() {
        return ttlSeconds;
    }

    public Integer maxUses() {
        return maxUses;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenRequest)) {
            return false;
        }
        TokenRequest r = (TokenRequest) o;
        return Objects.equals(videoId, r.videoId) && Objects.equals(userId, r.userId)
                && Objects.equals(device, r.device) && Objects.equals(ttlSeconds, r.ttlSeconds)
                && Objects.equals(maxUses, r.maxUses) && Objects.equals(clientIp, r.clientIp)
                && Objects.equals(deviceType, r.deviceType) && Objects.equals(streamLimits, r.streamLimits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, userId, device, ttlSeconds, maxUses, clientIp, deviceType, streamLimits);
    }
}
