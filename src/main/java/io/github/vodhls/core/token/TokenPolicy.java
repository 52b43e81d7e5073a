package io.github.vodhls.core.token;

import java.time.Duration;

/**
 * Limits applied when issuing tokens.
 *
 * <p>The default policy (documented in {@code docs/token-policy.md}): a token lives one hour and allows 20 key
 * fetches. Real players fetch the key of a VOD title once per player instance (hls.js) or, for some players, once per
 * segment; key responses carry {@code Cache-Control: private, max-age} so those re-requests are answered by the
 * player's own HTTP cache and do not count. Reloads, seeks and retries fit comfortably in 20, while a token copied off
 * to other viewers runs out after a handful of plays and dies with its expiry anyway.
 */
public final class TokenPolicy {
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final int defaultMaxUses;
    private final int maxMaxUses;

    public TokenPolicy(Duration defaultTtl, Duration maxTtl, int defaultMaxUses, int maxMaxUses) {
        if (defaultTtl.compareTo(maxTtl) > 0 || defaultMaxUses > maxMaxUses || defaultMaxUses < 1
                || defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("inconsistent token policy");
        }
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        this.defaultMaxUses = defaultMaxUses;
        this.maxMaxUses = maxMaxUses;
    }

    public Duration defaultTtl() {
        return defaultTtl;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    public int defaultMaxUses() {
        return defaultMaxUses;
    }

    public int maxMaxUses() {
        return maxMaxUses;
    }
}
