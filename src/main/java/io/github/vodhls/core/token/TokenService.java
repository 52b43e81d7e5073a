package io.github.vodhls.core.token;

import io.github.vodhls.core.calls.Alongside;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.TokenRejectedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/** Issues, verifies and revokes tokens: the rules; the {@link TokenStore} only keeps the state. */
public final class TokenService {
    private final TokenCodec codec;
    private final TokenStore store;
    private final TokenPolicy policy;
    private final Entitlements entitlements;
    private final Clock clock;
    private final SecureRandom random;
    private final ViewerStreamGate streams;
    private final Alongside alongside;

    /** A service whose entitlement check allows everything. */
    public TokenService(TokenCodec codec, TokenStore store, TokenPolicy policy, Clock clock, SecureRandom random) {
        this(codec, store, policy, new AllowAllEntitlements(), clock, random);
    }

    public TokenService(TokenCodec codec, TokenStore store, TokenPolicy policy, Entitlements entitlements,
            Clock clock, SecureRandom random) {
        this(codec, store, policy, entitlements, clock, random, Alongside.inline());
    }

    /**
     * @param alongside how {@link #whileCheckingRevocation} reads the video's revocation alongside a request's own
     *     store call
     */
    public TokenService(TokenCodec codec, TokenStore store, TokenPolicy policy, Entitlements entitlements,
            Clock clock, SecureRandom random, Alongside alongside) {
        this.alongside = alongside;
        this.codec = codec;
        this.store = store;
        this.policy = policy;
        this.entitlements = entitlements;
        this.clock = clock;
        this.random = random;
        this.streams = new ViewerStreamGate(store, policy.sessions());
    }

    public TokenPolicy policy() {
        return policy;
    }

    /**
     * Validates the request against the policy, checks the user's {@link StreamLimits} when the request carries them,
     * asks the entitlement check, records the token (zero uses), counts it against the limits (revoking the tokens it
     * replaces) and signs it. A request the limits refuse costs no entitlement call and records nothing; one the
     * entitlement check refuses is counted towards the user's tokens per minute, and records no token. Only a request
     * that passes the check and then loses a race to the limit (another request of the same user counted first)
     * leaves a token row: of a token never signed, which nobody can present.
     */
    public IssuedToken issue(TokenRequest request) {
        String videoId = Identifiers.requireId("videoId", request.videoId());
        String userId = Identifiers.requireId("userId", request.userId());
        String device = Identifiers.optionalDevice(request.device());
        String clientIp = request.clientIp() == null ? null : ClientInfo.requireIp("clientIp", request.clientIp());
        String deviceType = request.deviceType() == null ? null
                : ClientInfo.requireDeviceType("deviceType", request.deviceType());
        long ttl = request.ttlSeconds() == null ? policy.defaultTtl().getSeconds() : request.ttlSeconds();
        if (ttl < 1 || ttl > policy.maxTtl().getSeconds()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    "ttlSeconds must be between 1 and " + policy.maxTtl().getSeconds() + ", got " + ttl);
        }
        int maxUses = request.maxUses() == null ? policy.defaultMaxUses() : request.maxUses();
        if (maxUses < 1 || maxUses > policy.maxMaxUses()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    "maxUses must be between 1 and " + policy.maxMaxUses() + ", got " + maxUses);
        }
        Instant now = clock.instant();
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        TokenClaims claims = new TokenClaims(newTokenId(), userId, videoId, device, issuedAt, issuedAt.plusSeconds(ttl),
                maxUses, clientIp, deviceType);
        Optional<ViewerStreamGate.Pending> admission = request.streamLimits()
                .map(limits -> streams.check(userId, limits, LiveToken.of(claims, policy.sessions().cap(claims)),
                        now));
        if (!entitlements.mayWatch(userId, videoId)) {
            admission.ifPresent(streams::countAttempt);
            throw new AccessDeniedException(ErrorCode.ENTITLEMENT_DENIED,
                    "user " + userId + " may not watch video " + videoId);
        }
        // Recorded before it is counted: a token the viewer's state counts always has a row, so replacing it (by
        // another request, maybe on another instance, at once) always revokes it.
        store.record(new TokenRecord(claims.tokenId(), videoId, userId, maxUses, issuedAt, claims.expiresAt()));
        admission.ifPresent(streams::admit);
        return new IssuedToken(codec.sign(claims), claims);
    }

    /**
     * Verifies a token's signature and time window and that its video has not been revoked since it was issued. It
     * consumes no use (see {@link #consumeUse}). With play sessions on, a token past its {@code exp} but within its
     * session's cap passes: whether its session is still active is for the store to say when the token is used.
     */
    public TokenClaims verify(String token) {
        TokenClaims claims = codec.verify(token, policy.sessions());
        requireVideoNotRevoked(claims);
        return claims;
    }

    /**
     * Refuses a token of a video revoked since the token was issued ({@code TOKEN_REVOKED}); one store read. A failed
     * read fails the request ({@code STORE_UNAVAILABLE}).
     */
    public void requireVideoNotRevoked(TokenClaims claims) {
        Optional<Instant> cutoff = store.videoRevokedBefore(claims.videoId());
        if (cutoff.isPresent() && !claims.issuedAt().isAfter(cutoff.get())) {
            throw new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
        }
    }

    /**
     * As {@link #verify(String)}, for a request from {@code client}: a token bound to a client IP or device type is
     * honoured only from that IP or device type.
     */
    public TokenClaims verify(String token, ClientInfo client) {
        return requireBindings(verify(token), client);
    }

    /**
     * The part of {@link #verify(String, ClientInfo)} that needs no store: signature, time window and bindings. The
     * video's revocation is not read: act on these claims only inside {@link #whileCheckingRevocation}.
     */
    public TokenClaims verifySigned(String token, ClientInfo client) {
        return requireBindings(codec.verify(token, policy.sessions()), client);
    }

    private static TokenClaims requireBindings(TokenClaims claims, ClientInfo client) {
        if (claims.clientIp().isPresent() && !claims.clientIp().get().equals(client.ip())) {
            throw new AccessDeniedException(ErrorCode.TOKEN_BINDING_MISMATCH,
                    "the token is bound to another client IP");
        }
        if (claims.deviceType().isPresent() && !claims.deviceType().get().equals(client.deviceType())) {
            throw new AccessDeniedException(ErrorCode.TOKEN_BINDING_MISMATCH,
                    "the token is bound to another device type");
        }
        return claims;
    }

    /**
     * Runs {@code work} (a request's own store calls for these claims, e.g. {@link #consumeUse}) while the video's
     * revocation is read ({@link #requireVideoNotRevoked}), so that the two cost one round trip: the outcome is as if
     * the revocation were read first (its refusal or failure wins), and {@code work}'s result is returned only when
     * the video is not revoked. A use consumed for a request then refused as revoked harms no one: the token is dead.
     */
    public <T> T whileCheckingRevocation(TokenClaims claims, Supplier<T> work) {
        return alongside.run(() -> requireVideoNotRevoked(claims), work);
    }

    /**
     * Refuses verified claims whose token the store does not know, has revoked by id or (past its {@code exp}) whose
     * play session is no longer active; one store read.
     */
    public void requireStanding(TokenClaims claims) {
        refuse(store.standing(claims.tokenId(), policy.sessions().requiredActiveAt(claims, clock.instant())), claims);
    }

    /**
     * As {@link #requireStanding}, and an active play session is extended as by a key fetch, without spending a use
     * and without reading the use count (playlist loads: a player loads other renditions' playlists after its key
     * fetches, and a token whose uses are spent gets no key anyway). One conditional store write; with sessions off,
     * the read of {@link #requireStanding}.
     */
    public void extendSession(TokenClaims claims) {
        PlaySessions sessions = policy.sessions();
        if (!sessions.enabled()) {
            requireStanding(claims);
            return;
        }
        Instant now = clock.instant();
        refuse(store.extend(claims.tokenId(), Integer.MAX_VALUE, sessions.requiredActiveAt(claims, now),
                sessions.slideTo(claims, now)), claims);
    }

    /**
     * Consumes one use of a verified token, atomically across instances; with play sessions on, the same write
     * checks that a token past its {@code exp} is in an active session and extends the session.
     */
    public void consumeUse(TokenClaims claims) {
        PlaySessions sessions = policy.sessions();
        Instant now = clock.instant();
        ConsumeResult result = store.consume(claims.tokenId(), claims.maxUses(),
                sessions.requiredActiveAt(claims, now), sessions.enabled() ? sessions.slideTo(claims, now) : null);
        switch (result.status()) {
            case CONSUMED:
                return;
            case EXHAUSTED:
                refuse(TokenStanding.EXHAUSTED, claims);
                return;
            case REVOKED:
                refuse(TokenStanding.REVOKED, claims);
                return;
            case EXPIRED:
                refuse(TokenStanding.EXPIRED, claims);
                return;
            default:
                refuse(TokenStanding.UNKNOWN, claims);
        }
    }

    /**
     * A fresh token of the same play session: same id (so the same use count and revocation), viewer, video, use
     * limit and bindings, same {@code iat} (so video revocations and the session's cap still apply), and an {@code
     * exp} one original lifetime from now, never past the session's cap. No entitlement decision: the session was
     * entitled when it began. Refused when the token is revoked, unknown, out of uses or past its cap ({@code
     * TOKEN_SESSION_ENDED}); an idle session may be refreshed within its cap.
     *
     * @param token the token to refresh, as the player has it
     * @param viewerId the viewer asking (a login token's subject), who must be the token's; null for the backend
     */
    public IssuedToken refresh(String token, String viewerId) {
        TokenClaims old = verify(token);
        if (viewerId != null && !viewerId.equals(old.userId())) {
            throw new AccessDeniedException(ErrorCode.VIEWER_USER_MISMATCH,
                    "a viewer can only refresh their own tokens");
        }
        PlaySessions sessions = policy.sessions();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(java.time.Duration.between(old.issuedAt(), old.expiresAt()));
        Instant cap = sessions.cap(old);
        if (expiresAt.isAfter(cap)) {
            expiresAt = cap;
        }
        if (!expiresAt.isAfter(now)) {
            throw new TokenRejectedException(ErrorCode.TOKEN_SESSION_ENDED,
                    "the token's play session reached its cap; a new token is needed");
        }
        TokenClaims fresh = new TokenClaims(old.tokenId(), old.userId(), old.videoId(), old.device().orElse(null),
                old.issuedAt(), expiresAt, old.maxUses(), old.clientIp().orElse(null),
                old.deviceType().orElse(null));
        // Past its exp, only a session that began (slid past exp once) is refreshed: a token never played before its
        // exp gets no second life here, it needs a new token (and a new entitlement decision) from /token.
        Instant began = sessions.requiredActiveAt(old, now) == null ? null : old.expiresAt().plusMillis(1);
        refuse(store.extend(old.tokenId(), old.maxUses(), began, sessions.slideTo(fresh, now)), old);
        return new IssuedToken(codec.sign(fresh), fresh);
    }

    /** Throws the refusal that a store's answer stands for; returns for {@code ACTIVE}. */
    private void refuse(TokenStanding standing, TokenClaims claims) {
        switch (standing) {
            case ACTIVE:
                return;
            case REVOKED:
                throw new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
            case EXHAUSTED:
                throw new AccessDeniedException(ErrorCode.TOKEN_USES_EXHAUSTED,
                        "token has used all " + claims.maxUses() + " key fetches");
            case EXPIRED:
                throw new TokenRejectedException(ErrorCode.TOKEN_EXPIRED, "token expired "
                        + java.time.Duration.between(claims.expiresAt(), clock.instant()).toMillis()
                        + " ms ago and its play session is not active; refresh it");
            default:
                throw new TokenRejectedException(ErrorCode.TOKEN_UNKNOWN, "token is not known to this service");
        }
    }

    /** Revokes one token by id. */
    public void revokeToken(String tokenId) {
        Identifiers.requireId("tokenId", tokenId);
        if (!store.revoke(tokenId)) {
            throw new NotFoundException("no token with this tokenId");
        }
    }

    /** Revokes every token of the video issued until now; returns the cut-off. */
    public Instant revokeVideo(String videoId) {
        Identifiers.requireId("videoId", videoId);
        Instant cutoff = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        store.revokeVideo(videoId, cutoff);
        return cutoff;
    }

    private String newTokenId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
