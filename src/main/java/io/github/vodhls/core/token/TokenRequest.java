package io.github.vodhls.core.token;

import java.util.Objects;

/** What a caller asks for: a token for one user and one video, optionally with a device, lifetime and use limit. */
public final class TokenRequest {
    private final String videoId;
    private final String userId;
    private final String device;
    private final Integer ttlSeconds;
    private final Integer maxUses;

    public TokenRequest(String videoId, String userId, String device, Integer ttlSeconds, Integer maxUses) {
        this.videoId = videoId;
        this.userId = userId;
        this.device = device;
        this.ttlSeconds = ttlSeconds;
        this.maxUses = maxUses;
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
                && Objects.equals(maxUses, r.maxUses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(videoId, userId, device, ttlSeconds, maxUses);
    }
}
