package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.gson.io.GsonSerializer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCodecTest {
    private static final String ISSUER = "vod-hls-encryption";
    private static final String SIGNING = "TOKEN_SIGNING_KEYS";
    private static final String VERIFY = "TOKEN_VERIFICATION_KEYS";
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    private static SigningKeys hs256(List<String> signing, List<String> verifyOnly) {
        return SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING, signing, VERIFY, verifyOnly);
    }

    private static SigningKeys hs256(String... signing) {
        return hs256(List.of(signing), List.of());
    }

    /** With the cache of verified tokens on, as deployed: every test here also runs against it. */
    private TokenCodec codec(SigningKeys keys) {
        return new TokenCodec(keys, ISSUER, Duration.ofSeconds(30), 4096, 10_000, clock);
    }

    private static TokenClaims claims(Instant issuedAt, long ttlSeconds) {
        return new TokenClaims("tok-1", "user-1", "video-A", "phone-1", issuedAt, issuedAt.plusSeconds(ttlSeconds),
                5);
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject segment(String token, int index) {
        String part = token.split("\\.")[index];
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    /** Asserts the rejection code and that the message leaks no part of the token. */
    private static TokenRejectedException assertRejected(TokenCodec codec, String token, ErrorCode code) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> codec.verify(token));
        assertEquals(code, e.errorCode(), e.getMessage());
        assertFalse(e.getMessage().contains(token), "message contains the token");
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertFalse(e.getMessage().contains(part), "message contains a token segment");
                assertFalse(e.toString().contains(part), "toString contains a token segment");
            }
        }
        return e;
    }

    @Test
    void signThenVerify_hs256_roundTripsEveryClaim() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        TokenClaims sent = claims(T0, 3600);

        TokenClaims got = codec.verify(codec.sign(sent));

        assertEquals("tok-1", got.tokenId());
        assertEquals("user-1", got.userId());
        assertEquals("video-A", got.videoId());
        assertEquals("phone-1", got.device().orElseThrow());
        assertEquals(T0, got.issuedAt());
        assertEquals(T0.plusSeconds(3600), got.expiresAt());
        assertEquals(5, got.maxUses());
    }

    @Test
    void signThenVerify_es256_roundTripsAndHeaderNamesAlgorithmAndKid() {
        TestKeys.Es256 key = TestKeys.es256("ec1");
        SigningKeys keys = SigningKeys.parse(SigningKeys.Algorithm.ES256, SIGNING, List.of(key.privateEntry()),
                VERIFY, List.of(key.publicEntry()));
        TokenCodec codec = codec(keys);

        String token = codec.sign(new TokenClaims("t", "u", "v", null, T0, T0.plusSeconds(60), 1));
        TokenClaims got = codec.verify(token);

        assertEquals("v", got.videoId());
        assertTrue(got.device().isEmpty());
        assertEquals("ES256", segment(token, 0).get("alg").getAsString());
        assertEquals("ec1", segment(token, 0).get("kid").getAsString());
    }

    @Test
    void verify_whenAlgNone_isRejectedAsUnsigned() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String genuine = codec.sign(claims(T0, 3600));
        String unsigned = b64url("{\"alg\":\"none\"}") + "." + genuine.split("\\.")[1] + ".";

        TokenRejectedException e = assertRejected(codec, unsigned, ErrorCode.TOKEN_UNSIGNED);
        assertEquals("unsigned tokens (alg none) are refused", e.getMessage());
    }

    @Test
    void verify_whenAlgNoneWithKid_isRejectedAsUnsigned() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String payload = codec.sign(claims(T0, 3600)).split("\\.")[1];

        assertRejected(codec, b64url("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + payload + ".",
                ErrorCode.TOKEN_UNSIGNED);
    }

    @Test
    void verify_whenSignedWithOtherSecretUnderSameKid_isRejectedWithBadSignature() {
        TokenCodec attacker = codec(hs256(TestKeys.hs256Entry("k1")));
        TokenCodec server = codec(hs256(TestKeys.hs256Entry("k1")));

        TokenRejectedException e = assertRejected(server, attacker.sign(claims(T0, 3600)),
                ErrorCode.TOKEN_BAD_SIGNATURE);
        assertEquals("token signature is invalid", e.getMessage());
    }

    @Test
    void verify_whenKidUnknown_isRejectedWithUnknownKid() {
        TokenCodec other = codec(hs256(TestKeys.hs256Entry("k9")));
        TokenCodec server = codec(hs256(TestKeys.hs256Entry("k1")));

        TokenRejectedException e = assertRejected(server, other.sign(claims(T0, 3600)), ErrorCode.TOKEN_UNKNOWN_KID);
        assertEquals("token kid is not a known key", e.getMessage());
    }

    @Test
    void verify_whenKidMissing_isRejectedWithUnknownKid() {
        String secret = TestKeys.hs256Secret();
        TokenCodec server = codec(hs256("k1=" + secret));
        String noKid = Jwts.builder().json(new GsonSerializer<Map<String, ?>>())
                .id("t").issuer(ISSUER).subject("u").claim("vid", "v").claim("mu", 1)
                .issuedAt(Date.from(T0)).expiration(Date.from(T0.plusSeconds(60)))
                .signWith(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"), Jwts.SIG.HS256)
                .compact();

        TokenRejectedException e = assertRejected(server, noKid, ErrorCode.TOKEN_UNKNOWN_KID);
        assertEquals("token has no kid", e.getMessage());
    }

    @Test
    void verify_whenPayloadTampered_isRejectedWithBadSignature() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String[] parts = codec.sign(claims(T0, 3600)).split("\\.");
        JsonObject payload = segment(String.join(".", parts), 1);
        assertEquals("video-A", payload.get("vid").getAsString());
        payload.addProperty("vid", "video-B");

        assertRejected(codec, parts[0] + "." + b64url(payload.toString()) + "." + parts[2],
                ErrorCode.TOKEN_BAD_SIGNATURE);
    }

    @Test
    void verify_whenSignatureTruncated_isRejectedWithBadSignature() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 3600));

        // 43 - 3 = 40 characters: canonical base64url of 30 bytes, so it is the signature check that refuses it
        assertRejected(codec, token.substring(0, token.length() - 3), ErrorCode.TOKEN_BAD_SIGNATURE);
    }

    @Test
    void verify_whenHs512Token_isRejectedAsAlgorithmNotAllowed() {
        String secret = TestKeys.hs256Secret();
        TokenCodec server = codec(hs256("k1=" + secret));
        byte[] longSecret = Base64.getDecoder().decode(TestKeys.randomBase64(64));
        String hs512 = Jwts.builder().json(new GsonSerializer<Map<String, ?>>()).header().keyId("k1").and()
                .id("t").issuer(ISSUER).subject("u").claim("vid", "v").claim("mu", 1)
                .issuedAt(Date.from(T0)).expiration(Date.from(T0.plusSeconds(60)))
                .signWith(new SecretKeySpec(longSecret, "HmacSHA512"), Jwts.SIG.HS512).compact();

        TokenRejectedException e = assertRejected(server, hs512, ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("token algorithm is not allowed; expected HS256", e.getMessage());
    }

    @Test
    void verify_whenHs256TokenMacedWithTheEs256PublicKey_isRejectedAsAlgorithmNotAllowed() {
        TestKeys.Es256 key = TestKeys.es256("ec1");
        TokenCodec server = codec(SigningKeys.parse(SigningKeys.Algorithm.ES256, SIGNING,
                List.of(key.privateEntry()), VERIFY, List.of(key.publicEntry())));
        // The classic confusion attack: the public key (known to everyone) used as the HMAC secret.
        String forged = Jwts.builder().json(new GsonSerializer<Map<String, ?>>()).header().keyId("ec1").and()
                .id("t").issuer(ISSUER).subject("u").claim("vid", "v").claim("mu", 1)
                .issuedAt(Date.from(T0)).expiration(Date.from(T0.plusSeconds(60)))
                .signWith(new SecretKeySpec(key.publicKeyBytes(), "HmacSHA256"), Jwts.SIG.HS256).compact();

        TokenRejectedException e = assertRejected(server, forged, ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED);
        assertEquals("token algorithm is not allowed; expected ES256", e.getMessage());
    }

    @Test
    void verify_whenExpiredBeyondSkew_isRejectedWithExpiredCodeAndExactMessage() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 60));
        // exp is T0+60 s (whole seconds); 30 s of skew; now is 31.573 s past exp.
        clock.set(T0.plusSeconds(60).plusMillis(31_573));

        TokenRejectedException e = assertRejected(codec, token, ErrorCode.TOKEN_EXPIRED);
        assertEquals("token expired 31573 ms ago, allowed skew 30 s", e.getMessage());
    }

    @Test
    void verify_whenExpiredWithoutSkew_reportsMillisecondsSinceExp() {
        TokenCodec codec = new TokenCodec(hs256(TestKeys.hs256Entry("k1")), ISSUER, Duration.ZERO, 4096, clock);
        // A sub-second issue time: exp is truncated to whole seconds by the JWT encoding (T0+60 s, not +60.4 s).
        String token = codec.sign(claims(T0.plusMillis(400), 60));
        clock.set(T0.plusSeconds(60).plusMillis(1573));

        TokenRejectedException e = assertRejected(codec, token, ErrorCode.TOKEN_EXPIRED);
        assertEquals("token expired 1573 ms ago, allowed skew 0 s", e.getMessage());
    }

    @Test
    void verify_whenExpiredButWithinSkew_isAccepted() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 60));
        clock.set(T0.plusSeconds(60 + 29).plusMillis(999));

        assertEquals("tok-1", codec.verify(token).tokenId());
    }

    @Test
    void verify_whenNotYetValidBeyondSkew_isRejectedWithNotYetValidCode() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        // Issued by an instance whose clock runs 60 s ahead: nbf = iat = T0+60 s.
        String token = codec.sign(claims(T0.plusSeconds(60), 3600));

        TokenRejectedException e = assertRejected(codec, token, ErrorCode.TOKEN_NOT_YET_VALID);
        assertEquals("token is not valid for another 60000 ms, allowed skew 30 s", e.getMessage());
    }

    @Test
    void verify_whenNotYetValidButWithinSkew_isAccepted() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0.plusSeconds(29), 3600));

        assertEquals("video-A", codec.verify(token).videoId());
    }

    @Test
    void verify_whenLongerThanMaxLength_isRejectedAsTooLargeBeforeParsing() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String huge = "a".repeat(4097);

        TokenRejectedException e = assertRejected(codec, huge, ErrorCode.TOKEN_TOO_LARGE);
        assertEquals("token has 4097 characters; at most 4096 are accepted", e.getMessage());
    }

    @Test
    void verify_whenGenuineTokenExceedsConfiguredMaxLength_isRejectedAsTooLarge() {
        SigningKeys keys = hs256(TestKeys.hs256Entry("k1"));
        String token = codec(keys).sign(claims(T0, 60));
        TokenCodec strict = new TokenCodec(keys, ISSUER, Duration.ofSeconds(30), token.length() - 1, clock);

        assertRejected(strict, token, ErrorCode.TOKEN_TOO_LARGE);
        assertEquals("tok-1", new TokenCodec(keys, ISSUER, Duration.ofSeconds(30), token.length(), clock)
                .verify(token).tokenId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9", "%%%.%%%.%%%", "e30.e30.e30"})
    void verify_whenGarbage_isRejectedAsMalformed(String garbage) {
        assertRejected(codec(hs256(TestKeys.hs256Entry("k1"))), garbage, ErrorCode.TOKEN_MALFORMED);
    }

    @Test
    void verify_acceptsOnlyTheCanonicalSpellingOfAToken() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 3600));
        org.junit.jupiter.api.Assertions.assertNotNull(codec.verify(token), "the token as issued verifies");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // HS256: 32 bytes = 43 base64url characters; the last one carries 4 bits and 2 unused ones
        char last = signature.charAt(signature.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(last);
        String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(index ^ 1);
        assertRejected(codec, sameBytes, ErrorCode.TOKEN_MALFORMED);
        assertRejected(codec, token + "=", ErrorCode.TOKEN_MALFORMED);
        String[] parts = token.split("\\.");
        assertRejected(codec, parts[0] + "=." + parts[1] + "." + parts[2], ErrorCode.TOKEN_MALFORMED);
    }

    @Test
    void es256_signsOnlyLowS_andRefusesTheHighSTwinOfAValidToken() {
        io.github.vodhls.testing.TestKeys.Es256 key = io.github.vodhls.testing.TestKeys.es256("e1");
        TokenCodec codec = codec(SigningKeys.parse(SigningKeys.Algorithm.ES256, SIGNING, List.of(key.privateEntry()),
                VERIFY, List.of(key.publicEntry())));
        java.math.BigInteger n = new java.math.BigInteger(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        for (int i = 0; i < 40; i++) {
            String token = codec.sign(claims(T0, 3600));
            org.junit.jupiter.api.Assertions.assertNotNull(codec.verify(token));
            int dot = token.lastIndexOf('.');
            byte[] raw = java.util.Base64.getUrlDecoder().decode(token.substring(dot + 1));
            java.math.BigInteger sValue = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
            assertTrue(sValue.compareTo(n.shiftRight(1)) <= 0, "s <= n/2");
            // the malleated twin (r, n - s) is a valid ECDSA signature, and must not be a second spelling
            byte[] high = n.subtract(sValue).toByteArray();
            byte[] fixed = new byte[32];
            int copy = Math.min(high.length, 32);
            System.arraycopy(high, high.length - copy, fixed, 32 - copy, copy);
            System.arraycopy(fixed, 0, raw, 32, 32);
            String twin = token.substring(0, dot + 1) + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(raw);
            assertRejected(codec, twin, ErrorCode.TOKEN_MALFORMED);
        }
    }

    @Test
    void verify_whenEmpty_isRejectedAsMissing() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        assertEquals(ErrorCode.TOKEN_MISSING,
                assertThrows(io.github.vodhls.core.error.InvalidRequestException.class, () -> codec.verify("")).errorCode());
        assertEquals(ErrorCode.TOKEN_MISSING,
                assertThrows(io.github.vodhls.core.error.InvalidRequestException.class, () -> codec.verify(null)).errorCode());
    }

    @Test
    void verify_whenIssuerDiffers_isRejectedAsClaimsInvalid() {
        SigningKeys keys = hs256(TestKeys.hs256Entry("k1"));
        TokenCodec otherIssuer = new TokenCodec(keys, "someone-else", Duration.ofSeconds(30), 4096, clock);

        TokenRejectedException e = assertRejected(codec(keys), otherIssuer.sign(claims(T0, 60)),
                ErrorCode.TOKEN_CLAIMS_INVALID);
        assertEquals("token claim 'iss' is missing or wrong", e.getMessage());
    }

    @Test
    void verify_whenVideoClaimMissing_isRejectedAsClaimsInvalid() {
        String secret = TestKeys.hs256Secret();
        String noVideo = Jwts.builder().json(new GsonSerializer<Map<String, ?>>()).header().keyId("k1").and()
                .id("t").issuer(ISSUER).subject("u").claim("mu", 1)
                .issuedAt(Date.from(T0)).expiration(Date.from(T0.plusSeconds(60)))
                .signWith(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"), Jwts.SIG.HS256)
                .compact();

        TokenRejectedException e = assertRejected(codec(hs256("k1=" + secret)), noVideo,
                ErrorCode.TOKEN_CLAIMS_INVALID);
        assertEquals("token claim 'vid' is missing or wrong", e.getMessage());
    }

    @Test
    void rotation_tokenOfOldKeyStillSecondInSigningKeys_verifiesAndNewTokensCarryNewKid() {
        String oldEntry = TestKeys.hs256Entry("old");
        String oldToken = codec(hs256(oldEntry)).sign(claims(T0, 3600));

        TokenCodec rotated = codec(hs256(TestKeys.hs256Entry("new"), oldEntry));

        assertEquals("tok-1", rotated.verify(oldToken).tokenId());
        String newToken = rotated.sign(claims(T0, 3600));
        assertEquals("new", segment(newToken, 0).get("kid").getAsString());
        assertEquals("old", segment(oldToken, 0).get("kid").getAsString());
        assertEquals("tok-1", rotated.verify(newToken).tokenId());
    }

    @Test
    void rotation_tokenOfOldKeyMovedToVerificationKeys_stillVerifies() {
        String oldEntry = TestKeys.hs256Entry("old");
        String oldToken = codec(hs256(oldEntry)).sign(claims(T0, 3600));

        TokenCodec rotated = codec(hs256(List.of(TestKeys.hs256Entry("new")), List.of(oldEntry)));

        assertEquals("video-A", rotated.verify(oldToken).videoId());
        assertEquals("new", segment(rotated.sign(claims(T0, 60)), 0).get("kid").getAsString());
    }

    @Test
    void rotation_es256OldPublicKeyInVerificationKeys_stillVerifies() {
        TestKeys.Es256 oldKey = TestKeys.es256("old");
        TestKeys.Es256 newKey = TestKeys.es256("new");
        String oldToken = codec(SigningKeys.parse(SigningKeys.Algorithm.ES256, SIGNING,
                List.of(oldKey.privateEntry()), VERIFY, List.of(oldKey.publicEntry()))).sign(claims(T0, 3600));

        TokenCodec rotated = codec(SigningKeys.parse(SigningKeys.Algorithm.ES256, SIGNING,
                List.of(newKey.privateEntry()), VERIFY, List.of(newKey.publicEntry(), oldKey.publicEntry())));

        assertEquals("tok-1", rotated.verify(oldToken).tokenId());
        assertEquals("new", segment(rotated.sign(claims(T0, 60)), 0).get("kid").getAsString());
    }

    @Test
    void rotation_whenOldKeyRemoved_itsTokensAreRejectedWithUnknownKid() {
        String oldToken = codec(hs256(TestKeys.hs256Entry("old"))).sign(claims(T0, 3600));

        assertRejected(codec(hs256(TestKeys.hs256Entry("new"))), oldToken, ErrorCode.TOKEN_UNKNOWN_KID);
    }

    @Test
    void sign_twiceWithSameClaims_isDeterministicForHmacAndVerifiesWithRandomIds() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        String tokenId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        TokenClaims c = new TokenClaims(tokenId, "u", "v", null, T0, T0.plusSeconds(60), 1);

        assertEquals(codec.sign(c), codec.sign(c));
        assertEquals(tokenId, codec.verify(codec.sign(c)).tokenId());
    }

    // Play sessions: a token past its exp is returned for the store to judge, up to the session's cap.

    private static final PlaySessions SESSIONS = new PlaySessions(Duration.ofSeconds(120), Duration.ofSeconds(600),
            Duration.ofSeconds(30));

    @Test
    void verifyWithSessions_returnsATokenPastItsExp_untilItsCap_thenSessionEnded() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 60));

        clock.set(T0.plusSeconds(500));
        assertEquals("tok-1", codec.verify(token, SESSIONS).tokenId());
        assertRejected(codec, token, ErrorCode.TOKEN_EXPIRED); // without sessions: expired as ever
        clock.set(T0.plusSeconds(630));
        assertEquals("tok-1", codec.verify(token, SESSIONS).tokenId(), "cap 600 plus the skew");
        clock.set(T0.plusSeconds(631));
        TokenRejectedException ended = assertThrows(TokenRejectedException.class,
                () -> codec.verify(token, SESSIONS));
        assertEquals(ErrorCode.TOKEN_SESSION_ENDED, ended.errorCode());
        assertEquals(ErrorCode.TOKEN_EXPIRED, assertThrows(TokenRejectedException.class,
                () -> codec.verify(token, PlaySessions.off(Duration.ofSeconds(30)))).errorCode());
    }

    @Test
    void verifyWithSessions_ofAnExpiredToken_stillChecksSignatureIssuerAndClaims() {
        SigningKeys keys = hs256(TestKeys.hs256Entry("k1"));
        TokenCodec codec = codec(keys);
        String token = codec.sign(claims(T0, 60));
        clock.set(T0.plusSeconds(300));
        String[] parts = token.split("\\.");

        String tampered = parts[0] + "." + b64url(segment(token, 1).toString().replace("video-A", "video-B")) + "."
                + parts[2];
        assertEquals(ErrorCode.TOKEN_BAD_SIGNATURE, assertThrows(TokenRejectedException.class,
                () -> codec.verify(tampered, SESSIONS)).errorCode(), "jjwt verifies before it checks exp");
        TokenCodec otherIssuer = new TokenCodec(keys, "someone-else",
                Duration.ofSeconds(30), 4096, clock);
        assertEquals(ErrorCode.TOKEN_CLAIMS_INVALID, assertThrows(TokenRejectedException.class,
                () -> otherIssuer.verify(token, SESSIONS)).errorCode());
        String noVideo = codec.sign(new TokenClaims("tok-2", "user-1", " ", null, T0, T0.plusSeconds(60), 5));
        assertEquals(ErrorCode.TOKEN_CLAIMS_INVALID, assertThrows(TokenRejectedException.class,
                () -> codec.verify(noVideo, SESSIONS)).errorCode());
    }

    @Test
    void playSessions_slideByTheIdleWindow_neverBelowExp_neverPastTheCap() {
        TokenClaims token = claims(T0, 60);
        assertEquals(T0.plusSeconds(600), SESSIONS.cap(token));
        assertEquals(T0.plusSeconds(120), SESSIONS.slideTo(token, T0), "now + idle");
        assertEquals(T0.plusSeconds(60), new PlaySessions(Duration.ofSeconds(10), Duration.ofSeconds(600),
                Duration.ZERO).slideTo(token, T0), "never below exp");
        assertEquals(T0.plusSeconds(600), SESSIONS.slideTo(token, T0.plusSeconds(550)), "never past the cap");
        assertEquals(null, SESSIONS.requiredActiveAt(token, T0.plusSeconds(90)), "within exp + skew: no check");
        assertEquals(T0.plusSeconds(61), SESSIONS.requiredActiveAt(token, T0.plusSeconds(91)));
        TokenClaims longLived = claims(T0, 3600);
        assertEquals(T0.plusSeconds(3600), SESSIONS.cap(longLived), "a cap never shortens a token");
        assertEquals(T0.plusSeconds(60), PlaySessions.off(Duration.ZERO).cap(token));
    }

    /**
     * The attack: a header of two byte order marks and a long bare literal sends Gson 2.11's reader (which jjwt uses
     * for the header, before the signature) into an endless loop; a 1,393-character token would pin a function's
     * CPU. Refused before jjwt reads it.
     */
    @Test
    void verify_aHeaderThatWouldHangTheJsonParser_isRefusedAsMalformed() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String evil = b64url("\uFEFF\uFEFF" + "t".repeat(1023));
        String token = evil + "." + b64url("{\"sub\":\"u\"}") + ".c2ln";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertRejected(codec, token, ErrorCode.TOKEN_MALFORMED));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertRejected(codec, evil + "." + b64url("{}"), ErrorCode.TOKEN_MALFORMED));
        // five parts (a JWE's shape): jjwt reads that header with Gson too
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertRejected(codec, evil + ".e30.e30.e30.c2ln", ErrorCode.TOKEN_MALFORMED));
    }

    // The cache of verified tokens (TOKEN_VERIFIED_CACHE_ENTRIES): a hit must never accept what a full check refuses.

    @Test
    void verifiedCache_servesARepeatedToken_andIsOffWithZeroEntries() {
        SigningKeys keys = hs256(TestKeys.hs256Entry("k1"));
        TokenCodec cached = codec(keys);
        String token = cached.sign(claims(T0, 3600));
        TokenClaims first = cached.verify(token);
        assertTrue(first == cached.verify(token), "the second check is the cache's answer");
        assertEquals(1, cached.verifiedEntries());

        TokenCodec uncached = new TokenCodec(keys, ISSUER, Duration.ofSeconds(30), 4096, 0, clock);
        assertFalse(uncached.verify(token) == uncached.verify(token), "0 entries: every check is a full one");
        assertEquals(0, uncached.verifiedEntries());
        assertThrows(IllegalArgumentException.class,
                () -> new TokenCodec(keys, ISSUER, Duration.ofSeconds(30), 4096, -1, clock));
    }

    @Test
    void verifiedCache_aRememberedToken_expiresExactlyAsAFullCheckWould() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 60));
        codec.verify(token);

        clock.set(T0.plusSeconds(89));
        assertEquals("tok-1", codec.verify(token).tokenId(), "exp 60 s plus the 30 s skew");
        clock.set(T0.plusSeconds(90).plusMillis(1));
        assertRejected(codec, token, ErrorCode.TOKEN_EXPIRED);
        assertEquals("tok-1", codec.verify(token, SESSIONS).tokenId(), "past exp, a session is the store's to judge");
        clock.set(T0.plusSeconds(631));
        assertEquals(ErrorCode.TOKEN_SESSION_ENDED, assertThrows(TokenRejectedException.class,
                () -> codec.verify(token, SESSIONS)).errorCode());
    }

    @Test
    void verifiedCache_aRememberedToken_isNotValidYetWhenTheClockGoesBack() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 3600));
        clock.set(T0.plusSeconds(10));
        codec.verify(token);

        clock.set(T0.minusSeconds(31)); // nbf = iat = T0, skew 30 s: an NTP step back, say
        assertRejected(codec, token, ErrorCode.TOKEN_NOT_YET_VALID);
        clock.set(T0.minusSeconds(30));
        assertEquals("tok-1", codec.verify(token).tokenId(), "within the skew, as a full check finds");
    }

    @Test
    void verifiedCache_rememberedTokens_doNotOutliveTheirKeys() {
        String retired = TestKeys.hs256Entry("old");
        TokenCodec before = codec(hs256(List.of(retired), List.of()));
        String token = before.sign(claims(T0, 3600));
        before.verify(token);

        // a rotated secret builds a new graph and with it a new codec: the old key's tokens are checked afresh
        TokenCodec after = codec(hs256(TestKeys.hs256Entry("new")));
        assertRejected(after, token, ErrorCode.TOKEN_UNKNOWN_KID);
    }

    @Test
    void verifiedCache_neverRemembersARefusal_norAcceptsAnyOtherSpelling() {
        TokenCodec codec = codec(hs256(TestKeys.hs256Entry("k1")));
        String token = codec.sign(claims(T0, 3600));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + b64url(segment(token, 1).toString().replace("video-A", "video-B")) + "."
                + parts[2];
        for (int i = 0; i < 2; i++) {
            assertRejected(codec, tampered, ErrorCode.TOKEN_BAD_SIGNATURE);
        }
        assertEquals(0, codec.verifiedEntries(), "refusals are not remembered");
        codec.verify(token);
        assertRejected(codec, tampered, ErrorCode.TOKEN_BAD_SIGNATURE);
        assertRejected(codec, token + "=", ErrorCode.TOKEN_MALFORMED);
        assertRejected(codec, " " + token, ErrorCode.TOKEN_MALFORMED);
        assertRejected(codec, token + ".", ErrorCode.TOKEN_MALFORMED);
        assertRejected(codec, token.substring(0, token.length() - 1), ErrorCode.TOKEN_MALFORMED);
        char c = parts[2].charAt(5);
        String otherSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (c == 'A' ? 'B' : 'A')
                + parts[2].substring(6);
        assertRejected(codec, otherSignature, ErrorCode.TOKEN_BAD_SIGNATURE);
        assertEquals(1, codec.verifiedEntries());
    }

    @Test
    void verifiedCache_isBoundedInEntries() {
        SigningKeys keys = hs256(TestKeys.hs256Entry("k1"));
        TokenCodec codec = new TokenCodec(keys, ISSUER, Duration.ofSeconds(30), 4096, 3, clock);
        for (int i = 0; i < 10; i++) {
            TokenClaims c = new TokenClaims("tok-" + i, "user-1", "video-A", null, T0, T0.plusSeconds(60), 5);
            assertEquals("tok-" + i, codec.verify(codec.sign(c)).tokenId());
            assertTrue(codec.verifiedEntries() <= 3, "entries: " + codec.verifiedEntries());
        }
        assertEquals(3, codec.verifiedEntries());
    }

    @Test
    void verifiedCache_aSkewWithAFractionOfASecond_expiresAsTheFullCheckUsesIt() {
        SigningKeys keys = hs256(TestKeys.hs256Entry("k1"));
        Duration skew = Duration.ofMillis(1_500); // jjwt takes whole seconds of it (clockSkewSeconds): 1 s
        TokenCodec cached = new TokenCodec(keys, ISSUER, skew, 4096, 10_000, clock);
        TokenCodec uncached = new TokenCodec(keys, ISSUER, skew, 4096, 0, clock);
        String token = cached.sign(claims(T0, 60));
        cached.verify(token);

        clock.set(T0.plusSeconds(61).plusMillis(200));
        assertRejected(uncached, token, ErrorCode.TOKEN_EXPIRED);
        assertRejected(cached, token, ErrorCode.TOKEN_EXPIRED);
    }
}
