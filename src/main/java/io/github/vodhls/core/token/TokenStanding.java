package io.github.vodhls.core.token;

/** What the store knows of one token, read without touching its use counter ({@link TokenStore#standing}). */
public enum TokenStanding {
    /** Recorded and not revoked (its uses may still be spent: only a key fetch finds out). */
    ACTIVE,
    /** Revoked by its id. */
    REVOKED,
    /** Never recorded by this deployment's store (or expired out of it). */
    UNKNOWN
}
