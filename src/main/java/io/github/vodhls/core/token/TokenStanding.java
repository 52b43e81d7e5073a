package io.github.vodhls.core.token;

/** What the store knows of one token ({@link TokenStore#standing}, {@link TokenStore#extend}). */
public enum TokenStanding {
    /** Recorded and not revoked (its uses may still be spent: only a key fetch finds out). */
    ACTIVE,
    /** Revoked by its id. */
    REVOKED,
    /** Never recorded by this deployment's store (or expired out of it). */
    UNKNOWN,
    /** Past its JWT {@code exp}, and its play session is not active (idle, or never started). */
    EXPIRED,
    /** All its uses are spent ({@link TokenStore#extend} only: a read of the standing never reads the count). */
    EXHAUSTED
}
