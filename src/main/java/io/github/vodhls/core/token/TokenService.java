package io.github.vodhls.core.token;

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

/** Issues, verifies and revokes tokens: the rules; the {@link TokenStore} only keeps the state. */
public final class TokenService {
    private final TokenCodec codec;
    private final TokenStore store;
    private final TokenPolicy policy;
    private final Entitlements entitlements;
    private final Clock clock;
    private final SecureRandom random;
    private final ViewerStreamGate streams;

    /** A service whose entitlement check allows everything. */
    public TokenService(TokenCodec codec, TokenStore store, TokenPolicy policy, Clock clock, SecureRandom random) {
        this(codec, store, policy, new AllowAllEntitlements(), clock, random);
    }

    public TokenService(TokenCodec codec, TokenStore store, TokenPolicy policy, Entitlements entitlements,
            Clock clock, SecureRandom random) {
        this.codec = codec;
        this.store = store;
        this.policy = policy;
        this.entitlements = entitlements;
        this.clock = clock;
        this.random = random;
        this.streams = new ViewerStreamGate(store);
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
                .map(limits -> streams.check(userId, limits, LiveToken.of(claims), now));
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
     * consumes no use (see {@link #consumeUse}).
     */
    public TokenClaims verify(String token) {
        TokenClaims claims = codec.verify(token);
        Optional<Instant> cutoff = store.videoRevokedBefore(claims.videoId());
        if (cutoff.isPresent() && !claims.issuedAt().isAfter(cutoff.get())) {
            throw new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
        }
        return claims;
    }

    /**
     * As {@link #verify(String)}, for a request from {@code client}: a token bound to a client IP or device type is
     * honoured only from that IP or device type.
     */
    public TokenClaims verify(String token, ClientInfo client) {
        TokenClaims claims = verify(token);
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
     * As {@link #verify(String, ClientInfo)}, and the store knows the token and it is not revoked by its id: every
     * refusal a key fetch would give except spent uses, with one store read and no use consumed. For playlist loads
     * and HEAD requests.
     */
    public TokenClaims verifyStanding(String token, ClientInfo client) {
        TokenClaims claims = verify(token, client);
        requireStanding(claims);
        return claims;
    }

    /** Refuses verified claims whose token the store does not know or has revoked by id; one store read. */
    public void requireStanding(TokenClaims claims) {
        switch (store.standing(claims.tokenId())) {
            case ACTIVE:
                return;
            case REVOKED:
                throw new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
            default:
                throw new TokenRejectedException(ErrorCode.TOKEN_UNKNOWN, "token is not known to this service");
        }
    }

    /** Consumes one use of a verified token, atomically across instances. */
    public void consumeUse(TokenClaims claims) {
        ConsumeResult result = store.consume(claims.tokenId(), claims.maxUses());
        switch (result.status()) {
            case CONSUMED:
                return;
            case EXHAUSTED:
                throw new AccessDeniedException(ErrorCode.TOKEN_USES_EXHAUSTED,
                        "token has used all " + claims.maxUses() + " key fetches");
            case REVOKED:
                throw new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
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
