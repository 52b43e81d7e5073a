package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.testing.LoginTokens;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JwtLoginVerifierTest {
    private static final KeyPair RSA = LoginTokens.rsaKeyPair();
    private static final KeyPair EC = TestKeys.ecKeyPair("secp256r1");
    private static final String ISSUER = "https://login.example.com";
    private static final String AUDIENCE = "vod-player";

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final byte[] secret = LoginTokens.randomBytes(32);
    private final SecretKey hmac = new SecretKeySpec(secret, "HmacSHA256");

    private JwtLoginVerifier.Builder configured() {
        return JwtLoginVerifier.builder(clock)
                .hmacSecrets(Collections.singletonList(LoginTokens.secretEntry("h1", secret)))
                .publicKeys(Arrays.asList(LoginTokens.publicEntry("rsa1", RSA.getPublic()),
                        LoginTokens.publicEntry("ec1", EC.getPublic())))
                .issuer(ISSUER)
                .audience(AUDIENCE);
    }

    private JwtLoginVerifier verifier() {
        return configured().build();
    }

    /** Claims a valid token carries: the configured issuer and audience. */
    private static UnaryOperator<io.jsonwebtoken.JwtBuilder> valid() {
        return b -> b.issuer(ISSUER).audience().add(AUDIENCE).and();
    }

    private String rs256(String kid, UnaryOperator<io.jsonwebtoken.JwtBuilder> claims) {
        return LoginTokens.sign(RSA.getPrivate(), Jwts.SIG.RS256, kid, clock, claims);
    }

    private String hs256(String kid, UnaryOperator<io.jsonwebtoken.JwtBuilder> claims) {
        return LoginTokens.sign(hmac, Jwts.SIG.HS256, kid, clock, claims);
    }

    private CallerRejectedException rejected(JwtLoginVerifier verifier, String token, ErrorCode code) {
        CallerRejectedException e = assertThrows(CallerRejectedException.class, () -> verifier.verify(token));
        assertEquals(code, e.errorCode(), e.getMessage());
        assertFalse(e.getMessage().contains(token), "message must not contain the token");
        String[] parts = token.split("\\.");
        for (String part : parts) {
            assertFalse(part.length() > 8 && e.getMessage().contains(part), "message must not contain a token part");
        }
        return e;
    }

    /** An HS256 token signed with {@link #secret} under a header written by hand (shapes jjwt's builder refuses). */
    private String hs256WithHeader(String headerJson) {
        String payload = hs256("h1", valid()).split("\\.")[1];
        String signingInput = b64(headerJson) + "." + payload;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmac);
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    // --- valid tokens

    @Test
    void verify_whenValidHs256_returnsSubject() {
        assertEquals("user-1", verifier().verify(hs256("h1", valid())));
    }

    @Test
    void verify_whenValidRs256_returnsSubject() {
        assertEquals("user-1", verifier().verify(rs256("rsa1", valid())));
    }

    @Test
    void verify_whenValidEs256_returnsSubject() {
        String token = LoginTokens.sign(EC.getPrivate(), Jwts.SIG.ES256, "ec1", clock, valid());
        assertEquals("user-1", verifier().verify(token));
    }

    @Test
    void verify_whenUserClaimConfigured_returnsThatClaim() {
        JwtLoginVerifier verifier = configured().userClaim("uid").build();
        String token = rs256("rsa1", b -> valid().apply(b).claim("uid", "viewer@example.com"));
        assertEquals("viewer@example.com", verifier.verify(token));
    }

    @Test
    void verify_whenHs256WithoutKid_isTriedAgainstEachSecret() {
        byte[] second = LoginTokens.randomBytes(48);
        JwtLoginVerifier verifier = configured().hmacSecrets(Arrays.asList(LoginTokens.secretEntry("h1", secret),
                LoginTokens.secretEntry("h2", second))).build();
        String token = LoginTokens.sign(new SecretKeySpec(second, "HmacSHA256"), Jwts.SIG.HS256, null, clock,
                valid());
        assertEquals("user-1", verifier.verify(token));
    }

    @Test
    void verify_whenRs256WithoutKid_isTriedAgainstEachPublicKey() {
        assertEquals("user-1", verifier().verify(rs256(null, valid())));
    }

    @Test
    void verify_whenRs256WithoutKid_isTriedAgainstTheJwksKeysToo() {
        KeyPair other = LoginTokens.rsaKeyPair();
        JwtLoginVerifier verifier = configured().jwks(() -> LoginTokens.jwks("r9", other.getPublic()),
                Duration.ofSeconds(300)).build();
        assertEquals("user-1", verifier.verify(LoginTokens.sign(other.getPrivate(), Jwts.SIG.RS256, null, clock,
                valid())));
    }

    @Test
    void verify_whenKidInJwksOnly_isFoundThere() {
        KeyPair other = LoginTokens.rsaKeyPair();
        JwtLoginVerifier verifier = configured().jwks(() -> LoginTokens.jwks("r9", other.getPublic()),
                Duration.ofSeconds(300)).build();
        assertEquals("user-1", verifier.verify(LoginTokens.sign(other.getPrivate(), Jwts.SIG.RS256, "r9", clock,
                valid())));
        rejected(verifier, LoginTokens.sign(other.getPrivate(), Jwts.SIG.RS256, "r8", clock, valid()),
                ErrorCode.LOGIN_TOKEN_UNKNOWN_KID);
    }

    @Test
    void verify_whenHs256WithoutKidExpiredUnderTheRightSecret_isRefusedExpiredNotBadSignature() {
        byte[] second = LoginTokens.randomBytes(48);
        JwtLoginVerifier verifier = configured().hmacSecrets(Arrays.asList(LoginTokens.secretEntry("h1", secret),
                LoginTokens.secretEntry("h2", second))).build();
        String token = LoginTokens.sign(new SecretKeySpec(second, "HmacSHA256"), Jwts.SIG.HS256, null, clock,
                b -> valid().apply(b).expiration(Date.from(clock.instant().minusSeconds(60))));
        CallerRejectedException e = rejected(verifier, token, ErrorCode.LOGIN_TOKEN_EXPIRED);
        assertEquals("login token expired 60000 ms ago, allowed skew 30 s", e.getMessage());
    }

    @Test
    void verify_whenNoKidAndNoKeyFitsTheAlgorithm_isRefusedUnknownKid() {
        JwtLoginVerifier verifier = configured().algorithms(Collections.singletonList("HS512")).build();
        String token = LoginTokens.sign(new SecretKeySpec(LoginTokens.randomBytes(64), "HmacSHA512"),
                Jwts.SIG.HS512, null, clock, valid());
        CallerRejectedException e = rejected(verifier, token, ErrorCode.LOGIN_TOKEN_UNKNOWN_KID);
        assertEquals("login token has no kid and no configured key fits HS512", e.getMessage());
    }

    @Test
    void verify_whenIssuerAndAudienceNotConfigured_doesNotCheckThem() {
        JwtLoginVerifier verifier = configured().issuer("").audience(null).build();
        assertEquals("user-1", verifier.verify(rs256("rsa1", b -> b.issuer("someone-else"))));
    }

    @Test
    void verify_whenExpiredWithinSkew_isAccepted() {
        String token = rs256("rsa1", b -> valid().apply(b).expiration(Date.from(clock.instant().minusSeconds(10))));
        assertEquals("user-1", verifier().verify(token));
    }

    // --- 401 refusals

    @Test
    void verify_whenWrongIssuer_isRefusedWrongIssuer() {
        rejected(verifier(), rs256("rsa1", b -> valid().apply(b).issuer("https://evil.example.com")),
                ErrorCode.LOGIN_TOKEN_WRONG_ISSUER);
    }

    @Test
    void verify_whenNoIssuerButOneRequired_isRefusedWrongIssuer() {
        rejected(verifier(), rs256("rsa1", b -> b.audience().add(AUDIENCE).and()),
                ErrorCode.LOGIN_TOKEN_WRONG_ISSUER);
    }

    @Test
    void verify_whenWrongAudience_isRefusedWrongAudience() {
        rejected(verifier(), rs256("rsa1", b -> b.issuer(ISSUER).audience().add("other-app").and()),
                ErrorCode.LOGIN_TOKEN_WRONG_AUDIENCE);
    }

    @Test
    void verify_whenExpired_isRefusedExpiredWithNumbers() {
        String token = rs256("rsa1", b -> valid().apply(b).expiration(Date.from(clock.instant().minusSeconds(60))));
        CallerRejectedException e = rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_EXPIRED);
        assertEquals("login token expired 60000 ms ago, allowed skew 30 s", e.getMessage());
    }

    @Test
    void verify_whenNotYetValid_isRefusedNotYetValidWithNumbers() {
        String token = rs256("rsa1", b -> valid().apply(b).notBefore(Date.from(clock.instant().plusSeconds(120))));
        CallerRejectedException e = rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_NOT_YET_VALID);
        assertEquals("login token is not valid for another 120000 ms, allowed skew 30 s", e.getMessage());
    }

    @Test
    void verify_whenUnknownKid_isRefusedUnknownKid() {
        rejected(verifier(), rs256("rsa-unknown", valid()), ErrorCode.LOGIN_TOKEN_UNKNOWN_KID);
    }

    @Test
    void verify_whenSignedByAnotherKeyUnderAKnownKid_isRefusedBadSignature() {
        String token = LoginTokens.sign(LoginTokens.rsaKeyPair().getPrivate(), Jwts.SIG.RS256, "rsa1", clock,
                valid());
        rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_BAD_SIGNATURE);
    }

    @Test
    void verify_whenHs256WithoutKidMatchesNoSecret_isRefusedBadSignature() {
        String token = LoginTokens.sign(new SecretKeySpec(LoginTokens.randomBytes(32), "HmacSHA256"),
                Jwts.SIG.HS256, null, clock, valid());
        rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_BAD_SIGNATURE);
    }

    @Test
    void verify_whenPayloadTampered_isRefusedBadSignature() {
        String token = rs256("rsa1", valid());
        String tampered = LoginTokens.withPayload(token, LoginTokens.payloadJson(token).replace("user-1", "admin"));
        rejected(verifier(), tampered, ErrorCode.LOGIN_TOKEN_BAD_SIGNATURE);
    }

    @Test
    void verify_whenAlgNone_isRefusedAlgorithmNotAllowed() {
        String token = LoginTokens.unsecured("{\"sub\":\"user-1\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE
                + "\",\"exp\":" + (clock.instant().getEpochSecond() + 600) + "}");
        CallerRejectedException e = rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("login token algorithm 'none' is not allowed; allowed: [RS256, ES256, HS256]", e.getMessage());
    }

    @Test
    void verify_whenAlgorithmNotInList_isRefusedAlgorithmNotAllowed() {
        String token = LoginTokens.sign(new SecretKeySpec(LoginTokens.randomBytes(48), "HmacSHA384"),
                Jwts.SIG.HS384, "h1", clock, valid());
        rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        rejected(configured().algorithms(Collections.singletonList("RS256")).build(), hs256("h1", valid()),
                ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verify_whenHs256SignedWithThePublicKeyBytesAsSecret_isRefusedAlgorithmNotAllowed() {
        SecretKey confused = new SecretKeySpec(RSA.getPublic().getEncoded(), "HmacSHA256");
        String token = LoginTokens.sign(confused, Jwts.SIG.HS256, "rsa1", clock, valid());
        CallerRejectedException e = rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("login token algorithm HS256 does not fit the key of its kid", e.getMessage());
    }

    @Test
    void verify_whenRs256NamesAnHmacKid_isRefusedAlgorithmNotAllowed() {
        rejected(verifier(), rs256("h1", valid()), ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verify_whenUserClaimHasWrongShape_isRefusedClaimsInvalid() {
        rejected(verifier(), rs256("rsa1", b -> valid().apply(b).subject("user 1/../x")),
                ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID);
    }

    @Test
    void verify_whenConfiguredUserClaimMissing_isRefusedClaimsInvalid() {
        CallerRejectedException e = rejected(configured().userClaim("uid").build(), rs256("rsa1", valid()),
                ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID);
        assertEquals("login token claim 'uid' must be 1-128 characters of A-Z a-z 0-9 . _ : @ -", e.getMessage());
    }

    @Test
    void verify_whenNoExpiration_isRefusedClaimsInvalid() {
        rejected(verifier(), rs256("rsa1", b -> valid().apply(b).expiration(null)),
                ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID);
    }

    @Test
    void verify_whenNotAJwt_isRefusedMalformed() {
        rejected(verifier(), "not-a-jwt", ErrorCode.LOGIN_TOKEN_MALFORMED);
        rejected(verifier(), "e30.e30.e30", ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        rejected(verifier(), "!!!.e30.sig", ErrorCode.LOGIN_TOKEN_MALFORMED);
        assertEquals(ErrorCode.LOGIN_TOKEN_MALFORMED,
                assertThrows(CallerRejectedException.class, () -> verifier().verify(null)).errorCode());
    }

    @Test
    void verify_whenHeaderWrittenByHand_isCheckedLikeAnyOther() {
        assertEquals("user-1", verifier().verify(hs256WithHeader("{\"alg\":\"HS256\",\"kid\":\"h1\"}")));
        assertEquals("user-1", verifier().verify(hs256WithHeader("{\"alg\":\"HS256\"}")));
    }

    @Test
    void verify_whenKidIsNotAString_isRefusedMalformed() {
        CallerRejectedException e = rejected(verifier(), hs256WithHeader("{\"alg\":\"HS256\",\"kid\":5}"),
                ErrorCode.LOGIN_TOKEN_MALFORMED);
        assertEquals("login token kid is not a string", e.getMessage());
    }

    @Test
    void verify_whenKidIsBlank_isRefusedUnknownKidNotTriedAgainstEachSecret() {
        for (String kid : Arrays.asList("", " ")) {
            CallerRejectedException e = rejected(verifier(),
                    hs256WithHeader("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}"), ErrorCode.LOGIN_TOKEN_UNKNOWN_KID);
            assertEquals("login token kid is not a known key", e.getMessage());
        }
    }

    @Test
    void verify_whenAlgorithmUnknownOrMissing_isRefusedAlgorithmNotAllowedWithoutEchoingIt() {
        CallerRejectedException e = rejected(verifier(), hs256WithHeader("{\"alg\":\"XY999<script>\",\"kid\":\"h1\"}"),
                ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("login token algorithm is not allowed; allowed: [RS256, ES256, HS256]", e.getMessage());
        e = rejected(verifier(), hs256WithHeader("{\"kid\":\"h1\"}"), ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("login token has no alg; allowed: [RS256, ES256, HS256]", e.getMessage());
        e = rejected(verifier(), hs256WithHeader("{\"alg\":256,\"kid\":\"h1\"}"),
                ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("login token has no alg; allowed: [RS256, ES256, HS256]", e.getMessage());
    }

    @Test
    void verify_whenHeaderIsNotAJsonObject_isRefusedMalformed() {
        CallerRejectedException e = rejected(verifier(), hs256WithHeader("[\"HS256\"]"),
                ErrorCode.LOGIN_TOKEN_MALFORMED);
        assertEquals("login token header is not base64url JSON", e.getMessage());
        e = rejected(verifier(), hs256WithHeader("null"), ErrorCode.LOGIN_TOKEN_MALFORMED);
        assertEquals("login token header is not a JSON object", e.getMessage());
    }

    @Test
    void verify_whenSignatureMissing_isRefusedMalformed() {
        String token = rs256("rsa1", valid());
        rejected(verifier(), token.substring(0, token.lastIndexOf('.') + 1), ErrorCode.LOGIN_TOKEN_MALFORMED);
    }

    @Test
    void verify_whenLongerThanBound_isRefusedMalformedWithoutParsing() {
        StringBuilder huge = new StringBuilder("eyJhbGciOiJIUzI1NiJ9.");
        while (huge.length() <= JwtLoginVerifier.MAX_TOKEN_LENGTH) {
            huge.append('A');
        }
        String token = huge.append(".sig").toString();
        CallerRejectedException e = rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_MALFORMED);
        assertTrue(e.getMessage().endsWith("at most 16384 are accepted"), e.getMessage());
    }

    // --- configuration

    @Test
    void build_whenNoKeySource_isRefusedNamingTheVariables() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JwtLoginVerifier.builder(clock).build());
        assertTrue(e.variable().contains("LOGIN_HMAC_SECRETS") && e.variable().contains("LOGIN_JWKS_URL"),
                e.getMessage());
    }

    @Test
    void build_whenHmacEntryBad_namesVariableNeverTheSecret() {
        String shortSecret = TestKeys.randomBase64(16);
        String badBase64 = "k1=" + shortSecret.substring(0, 10) + "!!";
        String bare = TestKeys.hs256Secret();
        for (String entry : Arrays.asList("k1=" + shortSecret, badBase64, bare)) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> JwtLoginVerifier.builder(clock).hmacSecrets(Collections.singletonList(entry)).build());
            assertEquals("LOGIN_HMAC_SECRETS", e.variable());
            assertFalse(e.getMessage().contains(shortSecret.substring(0, 10)), e.getMessage());
            assertFalse(e.getMessage().contains(bare.substring(0, 10)), e.getMessage());
        }
    }

    @Test
    void build_whenPublicKeyEntryBad_namesVariable() {
        List<String> garbage = Collections.singletonList("p1=" + TestKeys.randomBase64(100));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JwtLoginVerifier.builder(clock).publicKeys(garbage).build());
        assertEquals("LOGIN_PUBLIC_KEYS", e.variable());
        assertEquals("LOGIN_PUBLIC_KEYS: the value of kid 'p1' is not an X.509 RSA or EC public key (base64 DER)",
                e.getMessage());
    }

    @Test
    void build_whenKidRepeatedAcrossSources_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> JwtLoginVerifier.builder(clock)
                .hmacSecrets(Collections.singletonList(LoginTokens.secretEntry("k", secret)))
                .publicKeys(Collections.singletonList(LoginTokens.publicEntry("k", RSA.getPublic()))).build());
        assertEquals("LOGIN_PUBLIC_KEYS", e.variable());
    }

    @Test
    void build_whenAlgorithmUnknownOrNone_isRefusedNamingLoginAlgorithms() {
        for (String algorithm : Arrays.asList("none", "HS1", "")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> configured().algorithms(Collections.singletonList(algorithm)).build());
            assertEquals("LOGIN_ALGORITHMS", e.variable());
        }
    }

    @Test
    void build_whenSkewOrClaimOutOfRange_isRefusedNamingVariable() {
        assertEquals("LOGIN_CLOCK_SKEW_SECONDS", assertThrows(ConfigurationException.class,
                () -> configured().clockSkew(Duration.ofSeconds(301)).build()).variable());
        assertEquals("LOGIN_USER_CLAIM", assertThrows(ConfigurationException.class,
                () -> configured().userClaim("").build()).variable());
    }

    @Test
    void toString_showsKidsNeverKeys() {
        String text = verifier().toString();
        assertTrue(text.contains("rsa1") && text.contains("h1"), text);
        assertFalse(text.contains(LoginTokens.secretEntry("h1", secret).substring(3, 13)), text);
    }

    @Test
    void maxLifetime_refusesAHundredYearToken_andMaxAge_anOldOne() {
        JwtLoginVerifier bounded = configured().maxAge(java.time.Duration.ofHours(12))
                .maxLifetime(java.time.Duration.ofDays(1)).build();
        assertEquals("user-1", bounded.verify(hs256("h1", valid())), "a 10-minute token issued now");

        String century = hs256("h1", b -> valid().apply(b).expiration(java.util.Date.from(
                clock.instant().plus(java.time.Duration.ofDays(36_500)))));
        assertEquals("user-1", verifier().verify(century), "unbounded by default");
        rejected(bounded, century, ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID);

        String old = hs256("h1", b -> valid().apply(b).issuedAt(java.util.Date.from(
                clock.instant().minus(java.time.Duration.ofHours(13)))));
        CallerRejectedException e = rejected(bounded, old, ErrorCode.LOGIN_TOKEN_EXPIRED);
        assertTrue(e.getMessage().contains("at most 43200 s"), e.getMessage());

        String future = hs256("h1", b -> valid().apply(b).issuedAt(java.util.Date.from(
                clock.instant().plus(java.time.Duration.ofMinutes(5)))));
        rejected(bounded, future, ErrorCode.LOGIN_TOKEN_NOT_YET_VALID);

        String noIat = hs256("h1", b -> valid().apply(b).issuedAt(null));
        rejected(bounded, noIat, ErrorCode.LOGIN_TOKEN_CLAIMS_INVALID);
        assertEquals("user-1", verifier().verify(noIat), "iat is needed only with a bound");
    }

    /** The same attack on a viewer's login token (see TokenCodecTest): refused before jjwt reads its header. */
    @Test
    void verify_aHeaderThatWouldHangTheJsonParser_isRefusedAsMalformed() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = "\uFEFF\uFEFF" + "t".repeat(1023);
        String token = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + b64.encodeToString("{\"sub\":\"u\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + ".c2ln";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> rejected(verifier(), token, ErrorCode.LOGIN_TOKEN_MALFORMED));
    }
}
