package io.github.vodhls.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The rule of sliding play sessions: a token that is being used stays valid. The JWT's {@code exp} is the time by
 * which playback must start; past it, the token still opens its video while its session is active: each successful
 * key fetch (and playlist load) keeps the session alive for {@code idle} more, never beyond the session's hard cap,
 * {@code max(exp, iat + max)}. A session that has not seen a fetch within its idle window ends, and so does any
 * session at its cap; a revoked or use-exhausted token never slides. The store keeps when each session stops being
 * active, written by the same conditional update that counts the use.
 *
 * <p>With an idle window of zero, sessions are off: every token ends at {@code exp}, as a plain JWT.
 */
public final class PlaySessions {
    private final Duration idle;
    private final Duration max;
    private final Duration skew;

    /**
     * @param idle how long a session stays active past the token's {@code exp} after its last fetch; zero: no sessions
     * @param max the hard cap counted from the token's {@code iat}; never shortens a token below its {@code exp}
     * @param skew the clock leeway between instances, as for {@code exp}
     */
    public PlaySessions(Duration idle, Duration max, Duration skew) {
        this.idle = Objects.requireNonNull(idle, "idle");
        this.max = Objects.requireNonNull(max, "max");
        this.skew = Objects.requireNonNull(skew, "skew");
        if (idle.isNegative() || max.isNegative() || skew.isNegative()) {
            throw new IllegalArgumentException("session durations must not be negative");
        }
    }

    /** Sessions off: tokens end at {@code exp}. */
    public static PlaySessions off(Duration skew) {
        return new PlaySessions(Duration.ZERO, Duration.ZERO, skew);
    }

    public boolean enabled() {
        return !idle.isZero();
    }

    /** The instant after which no fetch or refresh extends the token's session: {@code max(exp, iat + max)}. */
    public Instant cap(TokenClaims claims) {
        return cap(claims.issuedAt(), claims.expiresAt());
    }

    /** {@link #cap(TokenClaims)} of a token issued at {@code issuedAt} with this {@code exp}. */
    public Instant cap(Instant issuedAt, Instant expiresAt) {
        if (!enabled()) {
            return expiresAt;
        }
        Instant byMax = issuedAt.plus(max);
        return byMax.isAfter(expiresAt) ? byMax : expiresAt;
    }

    /** The instant a session must still be active at for a fetch at {@code now}: {@code now} less the skew. */
    public Instant activeAt(Instant now) {
        return now.minus(skew);
    }

    /**
     * The instant at which the store must find the token's session still active, or null while the JWT itself is
     * valid (then the store is not asked about the session).
     */
    public Instant requiredActiveAt(TokenClaims claims, Instant now) {
        Instant leeway = activeAt(now);
        return leeway.isAfter(claims.expiresAt()) ? leeway : null;
    }

    /** Where a successful fetch at {@code now} moves the session's end: {@code min(max(exp, now + idle), cap)}. */
    public Instant slideTo(TokenClaims claims, Instant now) {
        Instant idleEnd = now.plus(idle);
        Instant end = idleEnd.isAfter(claims.expiresAt()) ? idleEnd : claims.expiresAt();
        Instant cap = cap(claims);
        return end.isAfter(cap) ? cap : end;
    }

    @Override
    public String toString() {
        return enabled() ? "PlaySessions[idle=" + idle.getSeconds() + "s, max=" + max.getSeconds() + "s]"
                : "PlaySessions[off]";
    }
}
