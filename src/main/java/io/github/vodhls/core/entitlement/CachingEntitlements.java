package io.github.vodhls.core.entitlement;

import io.github.vodhls.core.cache.BoundedTtlCache;

/**
 * Remembers answers per instance for a short time: "yes" for one period, "no" for a (usually shorter) other, so a
 * player's retries do not hammer the customer's backend while a purchase shows up quickly. Failures are not cached.
 */
public final class CachingEntitlements implements Entitlements {
    private final Entitlements delegate;
    private final BoundedTtlCache<String, Boolean> allowed;
    private final BoundedTtlCache<String, Boolean> denied;

    public CachingEntitlements(Entitlements delegate, BoundedTtlCache<String, Boolean> allowed,
            BoundedTtlCache<String, Boolean> denied) {
        this.delegate = delegate;
        this.allowed = allowed;
        this.denied = denied;
    }

    @Override
    public boolean mayWatch(String userId, String videoId) {
        String key = userId.length() + ":" + userId + "/" + videoId;
        if (allowed.get(key) != null) {
            return true;
        }
        if (denied.get(key) != null) {
            return false;
        }
        boolean answer = delegate.mayWatch(userId, videoId);
        (answer ? allowed : denied).put(key, Boolean.TRUE);
        return answer;
    }
}
