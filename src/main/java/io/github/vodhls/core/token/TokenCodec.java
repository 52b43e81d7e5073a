package io.github.vodhls.core.token;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.TokenRejectedException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.gson.io.GsonDeserializer;
import io.jsonwebtoken.gson.io.GsonSerializer;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SignatureException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/**
 * Signs and verifies {@code MtsHlsUriToken}s (compact JWS via jjwt). jjwt types stay inside this package.
 *
 * <p>Claims: {@code jti} token id, {@code sub} user, {@code vid} video, {@code dev} device (optional), {@code iat},
 * {@code nbf}, {@code exp}, {@code iss}, {@code mu} use limit, and the optional bindings {@code ip} client IP and
 * {@code dvt} device type. Header: {@code kid}, {@code alg}. Every rejection has its
 * own {@link ErrorCode}; signature and parse failures never say more than which check failed.
 */
public final class TokenCodec {

    static final String CLAIM_VIDEO = "vid";
    static final String CLAIM_DEVICE = "dev";
    static final String CLAIM_MAX_USES = "mu";
    static final String CLAIM_CLIENT_IP = "ip";
    static final String CLAIM_DEVICE_TYPE = "dvt";
    /** No bound of its own: a verified token is remembered until its {@code exp} (with the skew) or eviction. */
    private static final Duration VERIFIED_TTL = Duration.ofDays(36_500);

    private final SigningKeys keys;
    private final String issuer;
    private final Duration allowedSkew;
    /** The skew jjwt applies: whole seconds of {@link #allowedSkew} ({@code clockSkewSeconds}). */
    private final Duration parserSkew;
    private final int maxLength;
    private final Clock clock;
    private final JwtParser parser;
    private final SecureDigestAlgorithm<Key, Key> algorithm;
    /** Tokens this codec verified, by SHA-256 of the token; null when off. */
    private final BoundedTtlCache<ByteBuffer, Verified> verified;

    /** A verified token's claims with the bounds of its time window, re-checked on every use. */
    private static final class Verified {
        final TokenClaims claims;
        final long notBeforeMillis;

        Verified(TokenClaims claims, long notBeforeMillis) {
            this.claims = claims;
            this.notBeforeMillis = notBeforeMillis;
        }
    }

    /** As the full constructor, with no cache of verified tokens. */
    public TokenCodec(SigningKeys keys, String issuer, Duration allowedSkew, int maxLength, Clock clock) {
        this(keys, issuer, allowedSkew, maxLength, 0, clock);
    }

    /**
     * @param verifiedEntries how many verified tokens to remember (0: none), so that a player's repeated key fetches
     *     with one token skip the signature check and the JSON parsing. An entry is the token's claims, found by the
     *     SHA-256 of the token (an exact match of its characters; no spelling of a token is remembered that was not
     *     verified), used only while the token is inside its {@code nbf}/{@code exp} window (with the skew) as a full
     *     check would find it, and only by this codec, whose keys never change (new keys make a new codec).
     */
    @SuppressWarnings("unchecked")
    public TokenCodec(SigningKeys keys, String issuer, Duration allowedSkew, int maxLength, int verifiedEntries,
            Clock clock) {
        if (verifiedEntries < 0) {
            throw new IllegalArgumentException("verifiedEntries must not be negative");
        }
        this.verified = verifiedEntries == 0 ? null : new BoundedTtlCache<>(verifiedEntries, VERIFIED_TTL, clock);
        this.keys = keys;
        this.issuer = issuer;
        this.allowedSkew = allowedSkew;
        this.parserSkew = Duration.ofSeconds(allowedSkew.getSeconds());
        this.maxLength = maxLength;
        this.clock = clock;
        this.algorithm = (SecureDigestAlgorithm<Key, Key>) (SecureDigestAlgorithm<?, ?>) (keys
                .algorithm() == SigningKeys.Algorithm.HS256 ? Jwts.SIG.HS256 : Jwts.SIG.ES256);
        this.parser = Jwts.parser()
                .json(new GsonDeserializer<Map<String, ?>>())
                .keyLocator(new KidLocator())
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(allowedSkew.getSeconds())
                .requireIssuer(issuer)
                .build();
    }

    /** Looks the verification key up by {@code kid}, refusing any algorithm but the configured one. */
    private final class KidLocator implements Locator<Key> {
        @Override
        public Key locate(Header header) {
            if (!(header instanceof JwsHeader)) {
                throw new TokenRejectedException(ErrorCode.TOKEN_UNSIGNED, "token is not signed");
            }
            JwsHeader jws = (JwsHeader) header;
            if (!keys.algorithm().name().equals(jws.getAlgorithm())) {
                throw new TokenRejectedException(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        "token algorithm is not allowed; expected " + keys.algorithm());
            }
            String kid = jws.getKeyId();
            if (kid == null) {
                throw new TokenRejectedException(ErrorCode.TOKEN_UNKNOWN_KID, "token has no kid");
            }
            Key key = keys.verificationKey(kid);
            if (key == null) {
                throw new TokenRejectedException(ErrorCode.TOKEN_UNKNOWN_KID, "token kid is not a known key");
            }
            return key;
        }
    }

    /** How many verified tokens are remembered now (for tests and diagnostics). */
    int verifiedEntries() {
        return verified == null ? 0 : verified.size();
    }

    /** Whether this codec holds a signing key (the decrypt function may hold verification keys only). */
    public boolean canSign() {
        return keys.signingKid() != null;
    }

    /** Signs the claims with the newest signing key. */
    public String sign(TokenClaims claims) {
        JwtBuilder builder = Jwts.builder()
                .json(new GsonSerializer<Map<String, ?>>())
                .header().keyId(keys.signingKid()).and()
                .id(claims.tokenId())
                .issuer(issuer)
                .subject(claims.userId())
                .issuedAt(Date.from(claims.issuedAt()))
                .notBefore(Date.from(claims.issuedAt()))
                .expiration(Date.from(claims.expiresAt()))
                .claim(CLAIM_VIDEO, claims.videoId())
                .claim(CLAIM_MAX_USES, claims.maxUses());
        if (claims.device().isPresent()) {
            builder.claim(CLAIM_DEVICE, claims.device().get());
        }
        if (claims.clientIp().isPresent()) {
            builder.claim(CLAIM_CLIENT_IP, claims.clientIp().get());
        }
        if (claims.deviceType().isPresent()) {
            builder.claim(CLAIM_DEVICE_TYPE, claims.deviceType().get());
        }
        String token = builder.signWith(keys.signingKey(), algorithm).compact();
        return keys.algorithm() == SigningKeys.Algorithm.ES256 ? lowS(token) : token;
    }

    /**
     * One encoding per token. jjwt decodes base64url leniently (a signature whose last character differs only in the
     * unused low bits, or {@code =} padding, decodes to the same bytes), so the same token would have several spellings
     * and deny-lists, WAF rules and log searches keyed on the string could be bypassed. A token whose parts are not
     * exactly the unpadded base64url of their bytes is malformed.
     */
    private void requireCanonicalEncoding(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return; // not a JWS: jjwt classifies it (unsigned, malformed)
        }
        if (keys.algorithm() == SigningKeys.Algorithm.ES256 && isHighS(parts[2])) {
            // ECDSA is malleable: (r, n - s) verifies too, so without this a token holder could mint a second spelling
            throw new TokenRejectedException(ErrorCode.TOKEN_MALFORMED,
                    "token is not in canonical form (ES256 signatures must have s <= n/2)");
        }
        for (String part : parts) {
            boolean canonical;
            try {
                canonical = part.indexOf('=') < 0 && java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(java.util.Base64.getUrlDecoder().decode(part)).equals(part);
            } catch (IllegalArgumentException e) {
                canonical = false;
            }
            if (!canonical) {
                throw new TokenRejectedException(ErrorCode.TOKEN_MALFORMED,
                        "token is not in canonical base64url (one encoding per token)");
            }
        }
    }

    /** The order n of P-256's base point. */
    private static final java.math.BigInteger P256_N = new java.math.BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final java.math.BigInteger P256_HALF_N = P256_N.shiftRight(1);

    /** Whether a base64url ES256 signature (r || s, 32 bytes each) has s > n/2; malformed ones are left to jjwt. */
    private static boolean isHighS(String signature) {
        byte[] raw;
        try {
            raw = java.util.Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 64) {
            return false;
        }
        return new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)).compareTo(P256_HALF_N) > 0;
    }

    /** The token with its ES256 signature's s replaced by n - s when s > n/2: the same signature, one spelling. */
    private static String lowS(String token) {
        int dot = token.lastIndexOf('.');
        byte[] raw = java.util.Base64.getUrlDecoder().decode(token.substring(dot + 1));
        java.math.BigInteger sValue = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
        if (sValue.compareTo(P256_HALF_N) <= 0) {
            return token;
        }
        byte[] low = P256_N.subtract(sValue).toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(low.length, 32);
        System.arraycopy(low, low.length - copy, fixed, 32 - copy, copy);
        System.arraycopy(fixed, 0, raw, 32, 32);
        return token.substring(0, dot + 1) + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Verifies signature, algorithm, kid, issuer, time window and claim shapes.
     *
     * @throws InvalidRequestException TOKEN_MISSING for an empty token
     * @throws TokenRejectedException with the code of the first failed check
     */
    public TokenClaims verify(String token) {
        return verify(token, PlaySessions.off(allowedSkew));
    }

    /**
     * As {@link #verify(String)}, except that a token past its {@code exp} is returned while its play session may
     * still be active, up to the session's cap ({@link PlaySessions#cap}): whether it is active is the store's to
     * say. Past the cap: {@code TOKEN_SESSION_ENDED} (a refresh cannot help; a new token can).
     */
    public TokenClaims verify(String token, PlaySessions sessions) {
        if (token == null || token.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.TOKEN_MISSING, "MtsHlsUriToken is missing");
        }
        if (token.length() > maxLength) {
            throw new TokenRejectedException(ErrorCode.TOKEN_TOO_LARGE,
                    "token has " + token.length() + " characters; at most " + maxLength + " are accepted");
        }
        ByteBuffer digest = verified == null ? null : digestOfCompactJws(token);
        if (digest != null) {
            Verified hit = verified.get(digest);
            if (hit != null && clock.millis() + parserSkew.toMillis() >= hit.notBeforeMillis) {
                return hit.claims; // within exp (the entry's own expiry) and nbf, as parseSignedClaims would find
            }
        }
        if (io.github.vodhls.core.json.ByteOrderMark.leadsAnySegment(token)) {
            throw new TokenRejectedException(ErrorCode.TOKEN_MALFORMED, "token is malformed");
        }
        requireCanonicalEncoding(token);
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (TokenRejectedException e) {
            throw e;
        } catch (ExpiredJwtException e) {
            long agoMs = clock.millis() - e.getClaims().getExpiration().getTime();
            if (!sessions.enabled()) {
                throw new TokenRejectedException(ErrorCode.TOKEN_EXPIRED, "token expired " + agoMs
                        + " ms ago, allowed skew " + allowedSkew.getSeconds() + " s");
            }
            return pastExpiry(e.getClaims(), sessions, agoMs);
        } catch (PrematureJwtException e) {
            long inMs = e.getClaims().getNotBefore().getTime() - clock.millis();
            throw new TokenRejectedException(ErrorCode.TOKEN_NOT_YET_VALID, "token is not valid for another " + inMs
                    + " ms, allowed skew " + allowedSkew.getSeconds() + " s");
        } catch (SignatureException e) {
            throw new TokenRejectedException(ErrorCode.TOKEN_BAD_SIGNATURE, "token signature is invalid");
        } catch (MissingClaimException | IncorrectClaimException e) {
            throw new TokenRejectedException(ErrorCode.TOKEN_CLAIMS_INVALID,
                    "token claim '" + e.getClaimName() + "' is missing or wrong");
        } catch (UnsupportedJwtException e) {
            if (isUnsecured(token)) {
                throw new TokenRejectedException(ErrorCode.TOKEN_UNSIGNED, "unsigned tokens (alg none) are refused");
            }
            throw new TokenRejectedException(ErrorCode.TOKEN_MALFORMED, "token is not a signed JWT");
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            throw new TokenRejectedException(ErrorCode.TOKEN_MALFORMED, "token is malformed");
        }
        TokenClaims result = toClaims(claims);
        if (digest != null) {
            Date notBefore = claims.getNotBefore();
            verified.put(digest, new Verified(result, notBefore == null ? Long.MIN_VALUE : notBefore.getTime()),
                    result.expiresAt().plus(parserSkew));
        }
        return result;
    }

    /**
     * The SHA-256 of a token made of base64url characters and two dots only (its characters are then its bytes, so
     * equal digests mean equal tokens); null for anything else, which is never remembered.
     */
    private static ByteBuffer digestOfCompactJws(String token) {
        int dots = 0;
        byte[] bytes = new byte[token.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_')) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        if (dots != 2) {
            return null;
        }
        try {
            return ByteBuffer.wrap(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Claims of a token past its {@code exp} that may still be in an active play session. jjwt has verified the
     * signature (it does, before any claim) and found the token expired, which it checks before {@code nbf} and the
     * issuer: those two are checked here.
     */
    private TokenClaims pastExpiry(Claims claims, PlaySessions sessions, long agoMs) {
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejectedException(ErrorCode.TOKEN_CLAIMS_INVALID, "token claim 'iss' is missing or wrong");
        }
        Date notBefore = claims.getNotBefore();
        if (notBefore != null && notBefore.toInstant().isAfter(clock.instant().plus(allowedSkew))) {
            throw new TokenRejectedException(ErrorCode.TOKEN_NOT_YET_VALID, "token is not valid yet");
        }
        TokenClaims verified = toClaims(claims);
        if (clock.instant().minus(allowedSkew).isAfter(sessions.cap(verified))) {
            throw new TokenRejectedException(ErrorCode.TOKEN_SESSION_ENDED, "token expired " + agoMs
                    + " ms ago and its play session reached its cap; a new token is needed");
        }
        return verified;
    }

    private static boolean isUnsecured(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            return header.replace(" ", "").toLowerCase(java.util.Locale.ROOT).contains("\"alg\":\"none\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static TokenClaims toClaims(Claims claims) {
        String tokenId = claims.getId();
        String userId = claims.getSubject();
        Object videoId = claims.get(CLAIM_VIDEO);
        Object device = claims.get(CLAIM_DEVICE);
        Object maxUses = claims.get(CLAIM_MAX_USES);
        Object clientIp = claims.get(CLAIM_CLIENT_IP);
        Object deviceType = claims.get(CLAIM_DEVICE_TYPE);
        Date issuedAt = claims.getIssuedAt();
        Date expiresAt = claims.getExpiration();
        if (isBlank(tokenId)) {
            throw missing("jti");
        }
        if (isBlank(userId)) {
            throw missing("sub");
        }
        if (!(videoId instanceof String) || isBlank((String) videoId)) {
            throw missing(CLAIM_VIDEO);
        }
        if (device != null && !(device instanceof String)) {
            throw missing(CLAIM_DEVICE);
        }
        if (!(maxUses instanceof Number) || ((Number) maxUses).doubleValue() != ((Number) maxUses).intValue()
                || ((Number) maxUses).intValue() < 1) {
            throw missing(CLAIM_MAX_USES);
        }
        if (clientIp != null && !(clientIp instanceof String)) {
            throw missing(CLAIM_CLIENT_IP);
        }
        if (deviceType != null && !(deviceType instanceof String)) {
            throw missing(CLAIM_DEVICE_TYPE);
        }
        if (issuedAt == null) {
            throw missing("iat");
        }
        if (expiresAt == null) {
            throw missing("exp");
        }
        return new TokenClaims(tokenId, userId, (String) videoId, (String) device, Instant.ofEpochMilli(
                issuedAt.getTime()), Instant.ofEpochMilli(expiresAt.getTime()), ((Number) maxUses).intValue(),
                (String) clientIp, (String) deviceType);
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    private static TokenRejectedException missing(String claim) {
        return new TokenRejectedException(ErrorCode.TOKEN_CLAIMS_INVALID,
                "token claim '" + claim + "' is missing or wrong");
    }
}
