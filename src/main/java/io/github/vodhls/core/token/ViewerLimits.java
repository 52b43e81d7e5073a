package io.github.vodhls.core.token;

/** Caps on tokens a viewer obtains with a login token: requests asking for more get the cap. */
public final class ViewerLimits {
    private final int maxTtlSeconds;
    private final int maxUses;

    public ViewerLimits(int maxTtlSeconds, int maxUses) {
        this.maxTtlSeconds = maxTtlSeconds;
        this.maxUses = maxUses;
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
}
