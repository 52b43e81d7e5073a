package io.github.vodhls.core.token;

import java.time.Instant;
import java.util.Optional;

/**
 * Port to the state of issued tokens: their use counters and revocations. Rules (limits, expiry) live in core;
 * implementations only store, with atomic conditional writes so that many function instances agree.
 */
public interface TokenStore {

    /**
     * Records a newly issued token with zero uses. Fails if a token with the same id exists (ids are random; a
     * collision is a bug or an attack and must not reset a counter).
     */
    void record(TokenRecord token);

    /**
     * Atomically consumes one use of the token: succeeds only if the token is recorded, not revoked and has fewer
     * than {@code maxUses} uses; then its use count grows by one. When many callers race, exactly
     * {@code maxUses - uses} of them succeed. No play-session check, and the session is left as it is.
     */
    default ConsumeResult consume(String tokenId, int maxUses) {
        return consume(tokenId, maxUses, null, null);
    }

    /**
     * As {@link #consume(String, int)}, for a token in a {@link PlaySessions play session}, in the same one atomic
     * conditional write: when {@code activeAt} is set (the token's JWT is past its {@code exp}), the use is granted
     * only if the token's session is active then, i.e. its stored end is at or after {@code activeAt} (a token whose
     * session was never extended has no end stored, and is not active); a granted use moves the session's end to
     * {@code slideTo} when that is set.
     *
     * @return {@code CONSUMED}, or why not, in this order: {@code UNKNOWN}, {@code REVOKED}, {@code EXHAUSTED},
     *     {@code EXPIRED} (only the session check failed)
     */
    ConsumeResult consume(String tokenId, int maxUses, Instant activeAt, Instant slideTo);

    /**
     * The token's standing, read only: for requests that must refuse revoked or unknown tokens without spending a
     * use (playlist loads, HEAD on the key URI).
     */
    default TokenStanding standing(String tokenId) {
        return standing(tokenId, null);
    }

    /**
     * As {@link #standing(String)}, and {@link TokenStanding#EXPIRED} for a token whose play session is not active at
     * {@code activeAt} (when set; see {@link #consume(String, int, Instant, Instant)}). Never {@code EXHAUSTED}: the
     * use count is not read.
     */
    TokenStanding standing(String tokenId, Instant activeAt);

    /**
     * Moves the token's play session's end to {@code slideTo} without spending a use, in one atomic conditional
     * write: only if the token is recorded, not revoked, has fewer than {@code maxUses} uses and, when {@code
     * activeAt} is set, its session is active then. Nothing is written otherwise.
     *
     * @return {@link TokenStanding#ACTIVE} when extended, else why not, in this order: {@code UNKNOWN}, {@code
     *     REVOKED}, {@code EXHAUSTED}, {@code EXPIRED}
     */
    TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo);

    /** Marks one token revoked. Returns false if no such token is recorded. */
    boolean revoke(String tokenId);

    /**
     * Refuses every token of the video issued at or before {@code issuedAtOrBefore} (JWT {@code iat}, seconds). A
     * later call with an earlier instant never moves the cut-off back.
     */
    void revokeVideo(String videoId, Instant issuedAtOrBefore);

    /** The video's revocation cut-off, if any token of it was ever revoked by video. */
    Optional<Instant> videoRevokedBefore(String videoId);

    /**
     * The viewer's recent token requests and live tokens ({@link StreamLimits}), with the version they were stored
     * at; {@link ViewerStreams#none()} (version 0) when nothing is stored for the viewer.
     */
    ViewerStreams viewerStreams(String userId);

    /**
     * Stores {@code next} as the viewer's state if the stored version is still {@code next.version()}, the one it was
     * derived from (0: nothing stored); the stored version becomes {@code next.version() + 1}. Returns false, writing
     * nothing, when another writer came first. When many callers race from one version, exactly one succeeds.
     */
    boolean updateViewerStreams(String userId, ViewerStreams next);
}
