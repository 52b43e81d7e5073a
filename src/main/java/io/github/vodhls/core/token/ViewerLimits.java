package io.github.vodhls.core.token;

import java.util.Objects;

/**
 * What a viewer obtaining tokens with a login token is held to: caps on each token (requests asking for more get the
 * cap) and the {@link StreamLimits} on how many tokens they obtain.
 */
public final class ViewerLimits {
    private final int maxTtlSeconds;
    private final int maxUses;
    private final StreamLimits streams;

    public ViewerLimits(int maxTtlSeconds, int maxUses, StreamLimits streams) {
        this.maxTtlSeconds = maxTtlSeconds;
        this.maxUses = maxUses;
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    /** The TTL to ask for: the request's (or the policy default when absent), never above the cap. */
    public int ttlSeconds(Integer requested, long policyDefault) {
        long wanted = requested == null ? policyDefault : requested;
        return (int) Math.min(wanted, maxTtlSeconds);
    }

    /** The use limit to ask for: the request's (or the policy default when absent), never above the cap. */
    public int maxUses(Integer requested, int policyDefault) {
        return Math.min(requested == null ? policyDefault : requested, maxUses);
    }

    /** The limits on a viewer's tokens per minute and tokens at once; also the defaults of the backend's overrides. */
    public StreamLimits streams() {
        return streams;
    }
}
