package io.github.vodhls.core.token;

import java.time.Duration;

/**
 * Limits applied when issuing tokens.
 *
 * <p>The default policy (documented in {@code docs/token-policy.md}): playback must start within an hour, a token
 * allows 60 key fetches, and its {@link PlaySessions play session} slides while it is used, up to six hours. Real
 * players fetch the key of a VOD title once per player instance (hls.js) or once per segment (video.js VHS); key
 * responses carry {@code Cache-Control: private, max-age} so per-segment re-requests are answered by the player's own
 * HTTP cache and reach the function about once per max-age: a three-hour film costs 36 of the 60, with room for
 * reloads, seeks and retries, while a token copied off to other viewers runs out after a handful of plays.
 */
public final class TokenPolicy {
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final int defaultMaxUses;
    private final int maxMaxUses;
    private final PlaySessions sessions;

    /** A policy without play sessions: tokens end at their {@code exp}. */
    public TokenPolicy(Duration defaultTtl, Duration maxTtl, int defaultMaxUses, int maxMaxUses) {
        this(defaultTtl, maxTtl, defaultMaxUses, maxMaxUses, PlaySessions.off(Duration.ZERO));
    }

    public TokenPolicy(Duration defaultTtl, Duration maxTtl, int defaultMaxUses, int maxMaxUses,
            PlaySessions sessions) {
        if (defaultTtl.compareTo(maxTtl) > 0 || defaultMaxUses > maxMaxUses || defaultMaxUses < 1
                || defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("inconsistent token policy");
        }
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        this.defaultMaxUses = defaultMaxUses;
        this.maxMaxUses = maxMaxUses;
        this.sessions = java.util.Objects.requireNonNull(sessions, "sessions");
    }

    /** How tokens in use outlive their {@code exp}. */
    public PlaySessions sessions() {
        return sessions;
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
