package io.github.vodhls.adapters.local;

import io.github.vodhls.core.entitlement.Entitlements;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stack's entitlement rule, to show what a refusal looks like: everything is allowed except the denied
 * {@code user:video} pairs, where either side may be {@code *}.
 */
public final class LocalEntitlements implements Entitlements {
    private final Set<String> denied = ConcurrentHashMap.newKeySet();

    /** Denies (or, with {@code allowed}, allows again) a user or {@code *} the video or {@code *}. */
    public void set(String userId, String videoId, boolean allowed) {
        String rule = userId + "\n" + videoId;
        if (allowed) {
            denied.remove(rule);
        } else {
            denied.add(rule);
        }
    }

    @Override
    public boolean mayWatch(String userId, String videoId) {
        return !(denied.contains(userId + "\n" + videoId) || denied.contains("*\n" + videoId)
                || denied.contains(userId + "\n*") || denied.contains("*\n*"));
    }
}
