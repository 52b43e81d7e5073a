package io.github.vodhls.core.video;

import java.time.Instant;

/**
 * Port to the store of signed VOD callback deliveries: which body each {@code (X-VOD-TIMESTAMP, X-VOD-SIGNATURE)}
 * pair first arrived with. VOD's signature covers the callback URL and the timestamp, not the body, so without this
 * one captured pair would authorise any body within the timestamp window. See {@link CallbackReplayGuard}.
 *
 * <p>A binding lives until its expiry (the end of the pair's timestamp window); after that the pair is refused as
 * stale anyway, so the store may forget it or let a new binding replace it.
 */
public interface CallbackDeliveries {

    /** Outcome of {@link #bind}. */
    enum Binding {
        /** The pair was not bound (or its binding had expired): it is bound to this body now. */
        FIRST,
        /** The pair is bound to this same body: a retry of the same delivery. */
        SAME_BODY,
        /** The pair is bound to another body: a replay. */
        OTHER_BODY
    }

    /**
     * Binds the pair to the body unless it is bound already: one conditional write, atomic across instances, so of
     * concurrent callers with different bodies exactly one gets {@link Binding#FIRST}. A binding whose expiry is
     * before {@code now} counts as absent.
     *
     * @param pairId the pair's id: a digest of the timestamp and the signature (never the signature itself)
     * @param bodySha256 the lowercase hex SHA-256 of the body, as received
     * @param expiresAt until when the binding must be kept (the end of the pair's timestamp window)
     * @param now the current time
     */
    Binding bind(String pairId, String bodySha256, Instant expiresAt, Instant now);
}
