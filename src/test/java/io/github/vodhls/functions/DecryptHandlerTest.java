package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.ALLOWED_ORIGIN;
import static io.github.vodhls.functions.TestDeployment.assertError;
import static io.github.vodhls.functions.TestDeployment.keyRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecryptHandlerTest {
    private final TestDeployment d = new TestDeployment();

    @Test
    void keysThenTokenThenDecrypt_givesExactlyTheRegisteredSixteenBytes() {
        FcResponse keys = d.token(FcEventBuilder.post("/keys").bearer(d.apiKey).json("{\"videoId\":\"video-A\"}"));
        assertEquals(200, keys.statusCode(), keys.bodyText());
        String ciphertext = keys.json().get("ciphertext").getAsString();
        String decryptKeyUri = keys.json().get("decryptKeyUri").getAsString();
        assertEquals(TestDeployment.DECRYPT_BASE_URL + "?Ciphertext="
                + URLEncoder.encode(ciphertext, StandardCharsets.UTF_8), decryptKeyUri);
        String token = d.issueToken("video-A", null);

        // The player follows DecryptKeyUri (FC hands the handler the decoded query) and appends the token.
        String fromUri = URLDecoder.decode(URI.create(decryptKeyUri).getRawQuery().substring("Ciphertext=".length()),
                StandardCharsets.UTF_8);
        FcResponse key = d.decrypt(keyRequest(fromUri, token));

        assertEquals(200, key.statusCode(), key.bodyText());
        assertTrue(key.isBase64Encoded());
        assertEquals(16, key.body().length);
        assertArrayEquals(d.kms.decrypt(ciphertext), key.body());
        assertEquals("application/octet-stream", key.header("Content-Type"));
        assertEquals("private, max-age=120", key.header("Cache-Control"));
        assertEquals("nosniff", key.header("X-Content-Type-Options"));
    }

    @Test
    void keys_whenCalledTwice_returnsTheSameRegisteredCiphertext() {
        String first = d.registerVideo("video-A");
        FcResponse again = d.token(FcEventBuilder.post("/keys").bearer(d.apiKey).json("{\"videoId\":\"video-A\"}"));
        assertEquals(first, again.json().get("ciphertext").getAsString());
        assertFalse(again.json().get("created").getAsBoolean());
        assertEquals(1, d.kms.generateCalls());
    }

    @Test
    void decrypt_acceptsBothSpellingsAndUrlEncodedOrRawCiphertext() {
        String ciphertext = d.registerVideo("video-A");
        byte[] expected = d.kms.decrypt(ciphertext);
        String token = d.issueToken("video-A", 10);
        String encoded = URLEncoder.encode(ciphertext, StandardCharsets.UTF_8);

        for (String name : new String[] {"Ciphertext", "CipherText"}) {
            for (String value : new String[] {ciphertext, encoded}) {
                FcResponse r = d.decrypt(FcEventBuilder.get("/decrypt").query(name, value)
                        .query("MtsHlsUriToken", token));
                assertEquals(200, r.statusCode(), name + "=" + value + ": " + r.bodyText());
                assertArrayEquals(expected, r.body());
            }
        }
    }

    @Test
    void decrypt_whenPlusArrivesAsSpace_stillServesTheKey() {
        String ciphertext = null;
        for (int i = 0; i < 200 && ciphertext == null; i++) {
            String candidate = d.registerVideo("video-" + i);
            if (candidate.contains("+")) {
                ciphertext = candidate;
            }
        }
        assertTrue(ciphertext != null, "no ciphertext with '+' in 200 tries");
        String videoId = "video-" + (d.kms.generateCalls() - 1);
        FcResponse r = d.decrypt(keyRequest(ciphertext.replace('+', ' '), d.issueToken(videoId, 1)));
        assertEquals(200, r.statusCode(), r.bodyText());
        assertArrayEquals(d.kms.decrypt(ciphertext), r.body());
    }

    @Test
    void decrypt_whenTokenRepeatedIdentically_servesTheKey_butTwoDifferentTokensAreRefused() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 5);
        String other = d.issueToken("video-A", 5);

        FcResponse repeated = d.decrypt(keyRequest(ciphertext, token + "," + token));
        assertEquals(200, repeated.statusCode(), repeated.bodyText());
        assertArrayEquals(d.kms.decrypt(ciphertext), repeated.body());

        FcResponse conflicting = d.decrypt(keyRequest(ciphertext, token + "," + other));
        assertError(conflicting, 400, "INVALID_PARAMETER");
        assertFalse(conflicting.bodyText().contains(token), "the token is not echoed");
    }

    @Test
    void decrypt_whenUsesExhausted_isForbidden() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 2);

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());
        FcResponse third = d.decrypt(keyRequest(ciphertext, token));

        assertError(third, 403, "TOKEN_USES_EXHAUSTED");
        assertEquals("token has used all 2 key fetches", third.json().get("message").getAsString());
    }

    @Test
    void head_ofATokenRevokedByItsId_isRefused() {
        String ciphertext = d.registerVideo("video-A");
        com.google.gson.JsonObject issued = d.issue("video-A", null);
        String token = issued.get("token").getAsString();
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token).method("HEAD")).statusCode());
        assertEquals(200, d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"" + issued.get("tokenId").getAsString() + "\"}")).statusCode());
        FcResponse head = d.decrypt(keyRequest(ciphertext, token).method("HEAD"));
        assertEquals(403, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void head_runsChecksButConsumesNoUseAndReturnsNoKey() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 1);

        FcResponse head = d.decrypt(keyRequest(ciphertext, token).method("HEAD"));
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals("no-store", head.header("Cache-Control"));
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token).method("HEAD")).statusCode());

        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());
        assertError(d.decrypt(keyRequest(ciphertext, token)), 403, "TOKEN_USES_EXHAUSTED");
    }

    @Test
    void head_withWrongVideo_answersForbiddenWithoutBody() {
        d.registerVideo("video-A");
        String ciphertextB = d.registerVideo("video-B");
        FcResponse head = d.decrypt(keyRequest(ciphertextB, d.issueToken("video-A", 1)).method("HEAD"));
        assertEquals(403, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void decrypt_withOtherVideosCiphertext_isForbidden() {
        d.registerVideo("video-A");
        String ciphertextB = d.registerVideo("video-B");
        assertError(d.decrypt(keyRequest(ciphertextB, d.issueToken("video-A", 5))), 403, "CIPHERTEXT_NOT_FOR_VIDEO");
    }

    @Test
    void decrypt_forUnregisteredVideo_isForbiddenCiphertextUnknown() {
        String ciphertextB = d.registerVideo("video-B");
        assertError(d.decrypt(keyRequest(ciphertextB, d.issueToken("video-X", 5))), 403, "CIPHERTEXT_UNKNOWN");
    }

    @Test
    void decrypt_afterTokenRevoked_isUnauthorizedTokenRevoked() {
        String ciphertext = d.registerVideo("video-A");
        JsonObject issued = d.issue("video-A", 5);
        String token = issued.get("token").getAsString();
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());

        FcResponse revoke = d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"" + issued.get("tokenId").getAsString() + "\"}"));
        assertEquals(200, revoke.statusCode(), revoke.bodyText());

        assertError(d.decrypt(keyRequest(ciphertext, token)), 403, "TOKEN_REVOKED");
    }

    @Test
    void decrypt_afterVideoRevoked_refusesEarlierTokensButNotLaterOnes() {
        String ciphertext = d.registerVideo("video-A");
        d.clock.advanceMillis(250);
        String before = d.issueToken("video-A", 5);
        FcResponse revoke = d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\"}"));
        assertEquals(200, revoke.statusCode(), revoke.bodyText());
        assertEquals("2024-05-01T08:00:00Z", revoke.json().get("issuedAtOrBefore").getAsString());

        assertError(d.decrypt(keyRequest(ciphertext, before)), 403, "TOKEN_REVOKED");
        d.clock.advance(Duration.ofSeconds(1));
        String after = d.issueToken("video-A", 5);
        assertEquals(200, d.decrypt(keyRequest(ciphertext, after)).statusCode());
    }

    @Test
    void decrypt_whenTokenExpired_isUnauthorizedWithExactMessage() {
        String ciphertext = d.registerVideo("video-A");
        FcResponse issued = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"u\",\"ttlSeconds\":60}"));
        String token = issued.json().get("token").getAsString();
        d.clock.advance(Duration.ofMillis(60_000 + 30_000 + 1));

        FcResponse r = d.decrypt(keyRequest(ciphertext, token));
        assertError(r, 403, "TOKEN_EXPIRED");
        assertEquals("token expired 30001 ms ago and its play session is not active; refresh it",
                r.json().get("message").getAsString());
    }

    @Test
    void decrypt_whenParametersMissingOrMalformed_isBadRequest() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 5);
        assertError(d.decrypt(FcEventBuilder.get("/decrypt").query("MtsHlsUriToken", token)), 400,
                "MISSING_PARAMETER");
        assertError(d.decrypt(FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext)), 400, "TOKEN_MISSING");
        assertError(d.decrypt(keyRequest("%%%not-base64", token)), 400, "CIPHERTEXT_MALFORMED");
        assertError(d.decrypt(keyRequest(ciphertext, "garbage")), 403, "TOKEN_MALFORMED");
    }

    @Test
    void decrypt_whenKmsDown_isServiceUnavailableAndConsumesNoUse() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 1);
        d.kms.failWith(new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "KMS did not answer"));

        FcResponse r = d.decrypt(keyRequest(ciphertext, token));
        assertError(r, 503, "KMS_UNAVAILABLE");
        assertEquals("1", r.header("Retry-After"));

        d.kms.failWith(null);
        assertEquals(200, d.decrypt(keyRequest(ciphertext, token)).statusCode());
    }

    @Test
    void decrypt_withPost_isMethodNotAllowed() {
        assertError(d.decrypt(FcEventBuilder.post("/decrypt").body("x")), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void decrypt_whenEventHasNoRequestContext_isBadRequestMalformedBody() {
        assertError(d.decrypt(FcEventBuilder.get("/decrypt").withoutRequestContext()), 400, "MALFORMED_BODY");
    }

    @Test
    void cors_forAllowedOrigin_isEchoedOnKeysAndErrors() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 5);

        FcResponse ok = d.decrypt(keyRequest(ciphertext, token).origin(ALLOWED_ORIGIN));
        assertEquals(ALLOWED_ORIGIN, ok.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", ok.header("Vary"));

        FcResponse error = d.decrypt(keyRequest(ciphertext, "garbage").origin(ALLOWED_ORIGIN));
        assertEquals(403, error.statusCode());
        assertEquals(ALLOWED_ORIGIN, error.header("Access-Control-Allow-Origin"));
    }

    @Test
    void cors_forOtherOrigin_sendsNoAllowOrigin() {
        String ciphertext = d.registerVideo("video-A");
        FcResponse r = d.decrypt(keyRequest(ciphertext, d.issueToken("video-A", 5)).origin("https://evil.example"));
        assertEquals(200, r.statusCode());
        assertNull(r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void preflight_fromAllowedOrigin_is204WithMethods() {
        FcResponse r = d.decrypt(FcEventBuilder.request("OPTIONS", "/decrypt").origin(ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "GET"));
        assertEquals(204, r.statusCode());
        assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, OPTIONS", r.header("Access-Control-Allow-Methods"));
        assertEquals(0, r.body().length);
    }

    @Test
    void preflight_fromOtherOrigin_isForbidden() {
        FcResponse r = d.decrypt(FcEventBuilder.request("OPTIONS", "/decrypt").origin("https://evil.example"));
        assertEquals(403, r.statusCode());
        assertNull(r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void cacheControl_whenMaxAgeZero_isNoStore() {
        TestDeployment noCache = new TestDeployment(Map.of("KEY_CACHE_CONTROL_MAX_AGE_SECONDS", "0"));
        String ciphertext = noCache.registerVideo("video-A");
        FcResponse r = noCache.decrypt(keyRequest(ciphertext, noCache.issueToken("video-A", 1)));
        assertEquals(200, r.statusCode());
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void noKeyMaterialOrToken_everAppearsInResponsesOtherThanTheKeyOrInLogs() {
        String ciphertext = d.registerVideo("video-A");
        d.registerVideo("video-B");
        String key = Base64.getEncoder().encodeToString(d.kms.decrypt(ciphertext));
        String token = d.issueToken("video-A", 1);
        String tokenB = d.issueToken("video-B", 1);

        FcResponse served = d.decrypt(keyRequest(ciphertext, token));
        assertEquals(200, served.statusCode());
        d.decrypt(keyRequest(ciphertext, token));                   // exhausted
        d.decrypt(keyRequest(ciphertext, tokenB));                  // wrong video
        d.decrypt(keyRequest(ciphertext, token + "x"));             // bad signature
        d.decrypt(keyRequest(ciphertext, token).method("HEAD"));
        d.kms.failWith(new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "down"));
        d.decrypt(keyRequest(d.registerVideoOrNull("video-C"), d.issueToken("video-C", 1)));

        assertTrue(served.raw().contains(key), "the key response itself carries the key");
        for (String output : d.outputs()) {
            if (output != served.raw()) {
                assertFalse(output.contains(key), output);
            }
        }
        assertFalse(d.context.logText().contains(key), d.context.logText());
        assertFalse(d.context.logText().contains(token), d.context.logText());
        assertFalse(d.context.logText().contains(token.split("\\.")[2]), d.context.logText());
        assertFalse(d.context.lines().isEmpty(), "failures are logged");
    }
}
