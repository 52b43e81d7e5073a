package io.github.vodhls.core.token;

import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.CallerRejectedException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.gson.io.GsonDeserializer;
import io.jsonwebtoken.security.KeyException;
import io.jsonwebtoken.security.SignatureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;

/**
 * Verifies the customer app's login JWT (compact JWS) with jjwt and returns the viewer's user id.
 *
 * <p>Keys come from up to three sources: HMAC secrets and RSA/EC public keys configured as {@code kid=base64} entries,
 * and a JWKS document from a {@link JwksSource} (cached and refreshed by {@link JwksKeyCache}). One immutable jjwt
 * parser verifies every token; its {@link Locator} checks the header's {@code alg} and picks the key of its
 * {@code kid} (static keys first, then the JWKS). A token without {@code kid} is tried against each configured key
 * that fits its algorithm (static keys and, except for {@code HS*}, the JWKS keys).
 *
 * <p>Checks, each with its own {@code LOGIN_TOKEN_*} code: length and shape ({@code MALFORMED}); the header
 * {@code alg} is in the allowed list, never {@code none}, and fits the key type and size, so an HMAC token can never
 * be verified with a public key used as a secret ({@code ALGORITHM_NOT_ALLOWED}); {@code kid} known
 * ({@code UNKNOWN_KID}); signature ({@code BAD_SIGNATURE}); {@code exp} present and {@code exp}/{@code nbf} within the
 * clock skew ({@code EXPIRED}, {@code NOT_YET_VALID}); issuer and audience when configured ({@code WRONG_ISSUER},
 * {@code WRONG_AUDIENCE}); the user claim has the shape of an id ({@code CLAIMS_INVALID}). Messages never contain the
 * token, its claims or key material.
 */
public final class JwtLoginVerifier implements LoginVerifier {

    /** Longest login token accepted, in characters. */
    public static final int MAX_TOKEN_LENGTH = 16_384;
    /** The default of {@code LOGIN_ALGORITHMS}. */
    public static final List<String> DEFAULT_ALGORITHMS = Collections.unmodifiableList(Arrays.asList("RS256",
            "ES256", "HS256"));

    private static final Pattern ALGORITHM = Pattern.compile("(HS|RS|PS|ES)(256|384|512)");
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(300);

    private final Map<String, Key> staticKeys;
    private final JwksKeyCache jwks;
    private final Set<String> algorithms;
    private final String issuer;
    private final String audience;
    private final String userClaim;
    private final Duration clockSkew;
    private final Duration maxAge;
    private final Duration maxLifetime;
    private final Clock clock;
    private final JwtParser parser;

    private JwtLoginVerifier(Builder b, Map<String, Key> staticKeys) {
        this.staticKeys = staticKeys;
        this.jwks = b.jwksSource == null ? null : new JwksKeyCache(b.jwksSource, b.jwksCacheTime, b.clock);
        this.algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(b.algorithms));
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.userClaim = b.userClaim;
        this.clockSkew = b.clockSkew;
        this.maxAge = b.maxAge;
        this.maxLifetime = b.maxLifetime;
        this.clock = b.clock;
        this.parser = parser(new KeyFromHeader());
    }

    /** A jjwt parser for login tokens whose keys come from {@code keys}: time checks read the clock, with the skew. */
    private JwtParser parser(Locator<Key> keys) {
        return Jwts.parser()
                .json(new GsonDeserializer<Map<String, ?>>())
                .keyLocator(keys)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(clockSkew.getSeconds())
                .build();
    }

    /** A builder with the documented defaults; every time-based check reads {@code clock}. */
    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    @Override
    public String verify(String loginToken) {
        if (loginToken == null || loginToken.isEmpty()) {
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token is missing");
        }
        if (loginToken.length() > MAX_TOKEN_LENGTH) {
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token has " + loginToken.length()
                    + " characters; at most " + MAX_TOKEN_LENGTH + " are accepted");
        }
        if (!LoginVerifier.looksLikeJwt(loginToken)) {
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token is not a compact JWS (three parts)");
        }
        if (io.github.vodhls.core.json.ByteOrderMark.leadsAnySegment(loginToken)) {
            // would hang jjwt's JSON parser (ByteOrderMark says how): refused before it reads the header
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token is malformed");
        }
        try {
            return checkClaims(parse(parser, loginToken));
        } catch (WithoutKid e) {
            return verifyWithoutKid(loginToken, e.algorithm);
        }
    }

    /**
     * A token without {@code kid} names no key, and a {@link Locator} returns one: each key that fits the algorithm
     * gets a parser of its own, and a bad signature (a wrong key looks exactly like one) moves on to the next key.
     * jjwt reads a blank {@code kid} as none; such a kid names no key, so the token is refused as before.
     */
    private String verifyWithoutKid(String loginToken, String algorithm) {
        if (readHeader(loginToken).containsKey("kid")) {
            throw reject(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, "login token kid is not a known key");
        }
        CallerRejectedException last = null;
        for (Key key : keysWithoutKid(algorithm)) {
            try {
                return checkClaims(parse(parser(header -> key), loginToken));
            } catch (CallerRejectedException e) {
                if (e.errorCode() != ErrorCode.LOGIN_TOKEN_BAD_SIGNATURE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * Chooses the key from the header: {@code alg} allowed, then the key of the {@code kid} if it fits the algorithm.
     * Without a {@code kid} there is no one key to choose: {@link WithoutKid} hands the token to
     * {@link #verifyWithoutKid}.
     */
    private final class KeyFromHeader implements Locator<Key> {
        @Override
        public Key locate(Header header) {
            String algorithm = allowedAlgorithm(header.getAlgorithm());
            String kid = header instanceof ProtectedHeader ? ((ProtectedHeader) header).getKeyId() : null;
            if (kid == null) {
                throw new WithoutKid(algorithm);
            }
            return keyOf(kid, algorithm);
        }
    }

    /** Thrown by {@link KeyFromHeader} through jjwt for a token without {@code kid}; never leaves this class. */
    private static final class WithoutKid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String algorithm;

        WithoutKid(String algorithm) {
            super(null, null, false, false);
            this.algorithm = algorithm;
        }
    }

    private String allowedAlgorithm(Object alg) {
        if (!(alg instanceof String)) {
            throw reject(ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED, "login token has no alg; allowed: "
                    + algorithms);
        }
        if (!algorithms.contains(alg)) {
            String shown = ALGORITHM.matcher((String) alg).matches() || "none".equals(alg) ? "'" + alg + "' " : "";
            throw reject(ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED, "login token algorithm " + shown
                    + "is not allowed; allowed: " + algorithms);
        }
        return (String) alg;
    }

    private Key keyOf(String kid, String algorithm) {
        Key key = staticKeys.get(kid);
        if (key == null && jwks != null) {
            key = jwks.find(kid);
        }
        if (key == null) {
            throw reject(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, "login token kid is not a known key");
        }
        if (!fits(algorithm, key)) {
            throw reject(ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED, "login token algorithm " + algorithm
                    + " does not fit the key of its kid");
        }
        return key;
    }

    private List<Key> keysWithoutKid(String algorithm) {
        List<Key> keys = new ArrayList<>();
        for (Key key : staticKeys.values()) {
            if (fits(algorithm, key)) {
                keys.add(key);
            }
        }
        if (jwks != null && !algorithm.startsWith("HS")) {
            for (Key key : jwks.all().values()) {
                if (fits(algorithm, key)) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            throw reject(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, "login token has no kid and no configured key fits "
                    + algorithm);
        }
        return keys;
    }

    /** Whether the key has the type (and, for HMAC and EC, the size) the algorithm needs: no algorithm confusion. */
    static boolean fits(String algorithm, Key key) {
        int bits = Integer.parseInt(algorithm.substring(2));
        switch (algorithm.substring(0, 2)) {
            case "HS":
                byte[] secret = key instanceof SecretKey ? key.getEncoded() : null;
                return secret != null && secret.length * 8 >= bits;
            case "RS":
            case "PS":
                return key instanceof RSAPublicKey;
            case "ES":
                return key instanceof ECPublicKey && ((ECPublicKey) key).getParams().getCurve().getField()
                        .getFieldSize() == (bits == 512 ? 521 : bits);
            default:
                return false;
        }
    }

    /** Verifies signature and time window with jjwt; the parser's Locator chooses (and checks) the key. */
    private Claims parse(JwtParser parser, String token) {
        try {
            return parser.parseSignedClaims(token).getPayload();
        } catch (ExpiredJwtException e) {
            long agoMs = clock.millis() - e.getClaims().getExpiration().getTime();
            throw reject(ErrorCode.LOGIN_TOKEN_EXPIRED, "login token expired " + agoMs + " ms ago, allowed skew "
                    + clockSkew.getSeconds() + " s");
        } catch (PrematureJwtException e) {
            long inMs = e.getClaims().getNotBefore().getTime() - clock.millis();
            throw reject(ErrorCode.LOGIN_TOKEN_NOT_YET_VALID, "login token is not valid for another " + inMs
                    + " ms, allowed skew " + clockSkew.getSeconds() + " s");
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            refuseAsTheLocatorWould(token);
            if (e instanceof SignatureException) {
                throw reject(ErrorCode.LOGIN_TOKEN_BAD_SIGNATURE, "login token signature is invalid");
            }
            if (e instanceof KeyException) {
                throw reject(ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED,
                        "login token algorithm does not fit the key that verifies it");
            }
            if (e instanceof UnsupportedJwtException) {
                throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token is not a signed JWT with claims");
            }
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token is malformed");
        }
    }

    /**
     * jjwt refuses a header it cannot read, a missing {@code alg}, {@code alg: none} and an algorithm it does not know
     * before asking the Locator, with exceptions that do not say which. So when jjwt refuses a token, its header is
     * read here once more and those refusals get the codes and messages of the Locator's checks; a header that passes
     * them (as every header the Locator accepted does) leaves the refusal to jjwt's exception.
     */
    private void refuseAsTheLocatorWould(String token) {
        Map<String, ?> header = readHeader(token);
        allowedAlgorithm(header.get("alg"));
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token kid is not a string");
        }
    }

    /** The token's header as JSON, before jjwt drops blank values such as a {@code kid} of {@code ""}. */
    private static Map<String, ?> readHeader(String token) {
        Map<String, ?> header;
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
            try (Reader reader = new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8)) {
                header = new GsonDeserializer<Map<String, ?>>().deserialize(reader);
            }
        } catch (JwtException | IllegalArgumentException | ClassCastException | IOException e) {
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token header is not base64url JSON");
        }
        if (header == null) {
            throw reject(ErrorCode.LOGIN_TOKEN_MALFORMED, "login token header is not a JSON object");
        }
        return header;
    }

    private String checkClaims(Claims claims) {
        try {
            if (claims.getExpiration() == null) {
                throw reject(ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID, "login token has no 'exp' claim");
            }
            if (!issuer.isEmpty() && !issuer.equals(claims.getIssuer())) {
                throw reject(ErrorCode.LOGIN_TOKEN_WRONG_ISSUER, "login token is not from the configured issuer");
            }
            if (!audience.isEmpty() && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
                throw reject(ErrorCode.LOGIN_TOKEN_WRONG_AUDIENCE, "login token is not for the configured audience");
            }
            checkAge(claims);
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            throw reject(ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID, "login token has a registered claim of the wrong type");
        }
        Object user = claims.get(userClaim);
        try {
            return Identifiers.requireId("login token claim '" + userClaim + "'", user instanceof String
                    ? (String) user : null);
        } catch (InvalidRequestException e) {
            throw reject(ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID, "login token claim '" + userClaim
                    + "' must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
        }
    }

    /**
     * The optional bounds on a login token's age: issued at most {@code maxAge} ago and living at most
     * {@code maxLifetime} ({@code exp - iat}); either needs {@code iat}. A token issued in the future beyond the clock
     * skew is not valid yet. Zero bounds are not checked.
     */
    private void checkAge(Claims claims) {
        if (maxAge.isZero() && maxLifetime.isZero()) {
            return;
        }
        java.util.Date issued = claims.getIssuedAt();
        if (issued == null) {
            throw reject(ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID, "login token has no 'iat' claim, which its maximum "
                    + "age or lifetime needs");
        }
        long ageMs = clock.millis() - issued.getTime();
        if (ageMs < -clockSkew.toMillis()) {
            throw reject(ErrorCode.LOGIN_TOKEN_NOT_YET_VALID, "login token was issued " + (-ageMs)
                    + " ms in the future, allowed skew " + clockSkew.getSeconds() + " s");
        }
        if (!maxAge.isZero() && ageMs > maxAge.toMillis() + clockSkew.toMillis()) {
            throw reject(ErrorCode.LOGIN_TOKEN_EXPIRED, "login token was issued " + ageMs + " ms ago, at most "
                    + maxAge.getSeconds() + " s are accepted");
        }
        long lifetimeMs = claims.getExpiration().getTime() - issued.getTime();
        if (!maxLifetime.isZero() && lifetimeMs > maxLifetime.toMillis()) {
            throw reject(ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID, "login token lives " + lifetimeMs / 1000
                    + " s (exp - iat), at most " + maxLifetime.getSeconds() + " s are accepted");
        }
    }

    private static CallerRejectedException reject(ErrorCode code, String message) {
        return new CallerRejectedException(code, message);
    }

    @Override
    public String toString() {
        return "JwtLoginVerifier[kids=" + staticKeys.keySet() + ", jwks=" + (jwks != null) + ", algorithms="
                + algorithms + ", issuer=" + (issuer.isEmpty() ? "(any)" : issuer) + ", audience="
                + (audience.isEmpty() ? "(any)" : audience) + ", userClaim=" + userClaim + "]";
    }

    /**
     * Plain configuration values in, a verifier out; every bad value is a {@link ConfigurationException} naming its
     * {@code LOGIN_*} variable (never echoing a secret).
     */
    public static final class Builder {
        private final Clock clock;
        private List<String> hmacSecrets = Collections.emptyList();
        private List<String> publicKeys = Collections.emptyList();
        private JwksSource jwksSource;
        private Duration jwksCacheTime = Duration.ofSeconds(300);
        private List<String> algorithms = DEFAULT_ALGORITHMS;
        private String issuer = "";
        private String audience = "";
        private String userClaim = "sub";
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration maxAge = Duration.ZERO;
        private Duration maxLifetime = Duration.ZERO;

        private Builder(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            this.clock = clock;
        }

        /** {@code LOGIN_HMAC_SECRETS}: {@code kid=base64} entries of at least 32 bytes. */
        public Builder hmacSecrets(List<String> entries) {
            this.hmacSecrets = entries == null ? Collections.<String>emptyList() : entries;
            return this;
        }

        /** {@code LOGIN_PUBLIC_KEYS}: {@code kid=base64} entries of X.509 SubjectPublicKeyInfo DER (RSA or EC). */
        public Builder publicKeys(List<String> entries) {
            this.publicKeys = entries == null ? Collections.<String>emptyList() : entries;
            return this;
        }

        /** {@code LOGIN_JWKS_URL} (as a source, or null for none) and {@code LOGIN_JWKS_CACHE_SECONDS}. */
        public Builder jwks(JwksSource source, Duration cacheTime) {
            this.jwksSource = source;
            this.jwksCacheTime = cacheTime;
            return this;
        }

        /** {@code LOGIN_ALGORITHMS}. */
        public Builder algorithms(List<String> algorithms) {
            this.algorithms = algorithms;
            return this;
        }

        /** {@code LOGIN_ISSUER}; empty or null: not checked. */
        public Builder issuer(String issuer) {
            this.issuer = issuer == null ? "" : issuer.trim();
            return this;
        }

        /** {@code LOGIN_AUDIENCE}; empty or null: not checked. */
        public Builder audience(String audience) {
            this.audience = audience == null ? "" : audience.trim();
            return this;
        }

        /** {@code LOGIN_USER_CLAIM}. */
        public Builder userClaim(String claim) {
            this.userClaim = claim;
            return this;
        }

        /** {@code LOGIN_CLOCK_SKEW_SECONDS}. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /** {@code LOGIN_MAX_AGE_SECONDS}: how long after {@code iat} a login token is accepted; zero: not checked. */
        public Builder maxAge(Duration age) {
            this.maxAge = java.util.Objects.requireNonNull(age, "age");
            return this;
        }

        /** {@code LOGIN_MAX_LIFETIME_SECONDS}: the longest {@code exp - iat} accepted; zero: not checked. */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = java.util.Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        public JwtLoginVerifier build() {
            if (algorithms == null || algorithms.isEmpty()) {
                throw new ConfigurationException(ConfigVariable.LOGIN_ALGORITHMS.name(),
                        "must name at least one JWS algorithm");
            }
            List<String> trimmed = new ArrayList<>();
            for (String algorithm : algorithms) {
                String a = algorithm == null ? "" : algorithm.trim();
                if (!ALGORITHM.matcher(a).matches()) {
                    throw new ConfigurationException(ConfigVariable.LOGIN_ALGORITHMS.name(),
                            "entries must be JWS algorithms such as RS256, ES256 or HS256, got '" + a + "'");
                }
                trimmed.add(a);
            }
            algorithms = trimmed;
            if (userClaim == null || !CLAIM_NAME.matcher(userClaim).matches()) {
                throw new ConfigurationException(ConfigVariable.LOGIN_USER_CLAIM.name(),
                        "must be a claim name of 1-64 characters of A-Z a-z 0-9 . _ : -");
            }
            if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new ConfigurationException(ConfigVariable.LOGIN_CLOCK_SKEW_SECONDS.name(),
                        "must be between 0 and " + MAX_CLOCK_SKEW.getSeconds() + " seconds");
            }
            if (jwksCacheTime == null || jwksCacheTime.isNegative()) {
                throw new ConfigurationException(ConfigVariable.LOGIN_JWKS_CACHE_SECONDS.name(),
                        "must not be negative");
            }
            Map<String, Key> keys = new LinkedHashMap<>();
            LoginKeyEntries.putHmacSecrets(ConfigVariable.LOGIN_HMAC_SECRETS.name(), hmacSecrets, keys);
            LoginKeyEntries.putPublicKeys(ConfigVariable.LOGIN_PUBLIC_KEYS.name(), publicKeys, keys);
            if (keys.isEmpty() && jwksSource == null) {
                throw new ConfigurationException(ConfigVariable.LOGIN_HMAC_SECRETS.name() + "/"
                        + ConfigVariable.LOGIN_PUBLIC_KEYS.name() + "/" + ConfigVariable.LOGIN_JWKS_URL.name(),
                        "no login token key source is set; set at least one of them");
            }
            return new JwtLoginVerifier(this, LoginKeyEntries.unmodifiable(keys));
        }
    }
}
