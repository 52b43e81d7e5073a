package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.LimitExceededException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies {@link StreamLimits} through the {@link TokenStore}, atomically across instances: read the viewer's
 * {@link ViewerStreams}, decide, and write the successor only if nobody wrote in between (a conditional write on the
 * version); when somebody did, read and decide again, a bounded number of times.
 *
 * <p>{@link #check} comes before the entitlement check and records nothing, so a refused request costs neither a
 * webhook call nor a write; {@link #admit} comes after it and after the token is recorded, so that every token the
 * state counts has a row that a later replacement can revoke.
 */
final class ViewerStreamGate {
    /**
     * Conditional writes tried per request. Every failed one means another request of the same viewer was admitted
     * in between, so under the refuse policy a request is decided after at most maxActiveTokens failures; beyond
     * this many the viewer is sending too much at once, and is told so.
     */
    static final int WRITE_ATTEMPTS = 10;

    private final TokenStore store;
    private final PlaySessions sessions;

    ViewerStreamGate(TokenStore store, PlaySessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** A request that passed {@link #check}: what to write, and what to decide again from if that fails. */
    static final class Pending {
        private final String userId;
        private final StreamLimits limits;
        private final LiveToken candidate;
        private final Instant now;
        private final StreamLimits.Admission admission;

        private Pending(String userId, StreamLimits limits, LiveToken candidate, Instant now,
                StreamLimits.Admission admission) {
            this.userId = userId;
            this.limits = limits;
            this.candidate = candidate;
            this.now = now;
            this.admission = admission;
        }
    }

    /**
     * One read and the decision: throws the refusal ({@link LimitExceededException}) when the limits refuse
     * {@code candidate} now. Writes nothing.
     */
    Pending check(String userId, StreamLimits limits, LiveToken candidate, Instant now) {
        StreamLimits.Admission admission = decide(userId, limits, store.viewerStreams(userId), candidate, now);
        if (admission.refusal() != null) {
            throw admission.refusal();
        }
        return new Pending(userId, limits, candidate, now, admission);
    }

    /**
     * Counts the token of a checked request: revokes the tokens it replaces, then writes the viewer's successor state.
     * A token leaves the count only once revoked, so a failure in between never leaves an uncounted live token. When
     * another request wrote first, reads and decides again (which may now refuse).
     */
    void admit(Pending pending) {
        StreamLimits.Admission admission = pending.admission;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            if (admission.refusal() != null) {
                throw admission.refusal();
            }
            for (LiveToken replaced : admission.replaced()) {
                store.revoke(replaced.tokenId());
            }
            if (store.updateViewerStreams(pending.userId, admission.next())) {
                return;
            }
            admission = decide(pending.userId, pending.limits, store.viewerStreams(pending.userId),
                    pending.candidate, pending.now);
        }
        throw new LimitExceededException(ErrorCode.RATE_LIMITED, "viewer " + pending.userId
                + " sent too many token requests at once; retry in 1 s", 1);
    }

    /**
     * Counts a checked request that got no token (the entitlement check said no) towards the rate, so that such
     * requests cannot ask the webhook without bound. Best effort: after {@link #WRITE_ATTEMPTS} contended writes the
     * attempt goes uncounted.
     */
    void countAttempt(Pending pending) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            ViewerStreams next = pending.limits.countAttempt(store.viewerStreams(pending.userId), pending.now);
            if (next == null || store.updateViewerStreams(pending.userId, next)) {
                return;
            }
        }
    }

    /**
     * {@link StreamLimits#admit}; when the streams-at-once limit decides, first drops the live tokens that were
     * revoked since they were counted (by id, or by their video's cut-off), which costs reads only at the limit.
     */
    private StreamLimits.Admission decide(String userId, StreamLimits limits, ViewerStreams state,
            LiveToken candidate, Instant now) {
        StreamLimits.Admission admission = limits.admit(userId, state, candidate, now);
        if (!admission.atStreamLimit()) {
            return admission;
        }
        ViewerStreams unrevoked = withoutRevoked(state, candidate, now);
        return unrevoked == state ? admission : limits.admit(userId, unrevoked, candidate, now);
    }

    private ViewerStreams withoutRevoked(ViewerStreams state, LiveToken candidate, Instant now) {
        Map<String, Optional<Instant>> cutoffs = new HashMap<>();
        List<LiveToken> kept = new ArrayList<>();
        for (LiveToken token : state.live()) {
            if (token.liveAt(now) && !token.sameSlot(candidate)) {
                Optional<Instant> cutoff = cutoffs.computeIfAbsent(token.videoId(), store::videoRevokedBefore);
                TokenStanding standing = store.standing(token.tokenId(), sessions.activeAt(now));
                if (cutoff.isPresent() && !token.issuedAt().isAfter(cutoff.get())
                        || standing == TokenStanding.REVOKED || standing == TokenStanding.EXPIRED) {
                    continue; // revoked, or past its exp with its play session over: it plays no more
                }
            }
            kept.add(token);
        }
        return kept.size() == state.live().size() ? state : state.with(state.issuedAtMillis(), kept);
    }
}
