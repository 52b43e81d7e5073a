package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.ALLOWED_ORIGIN;
import static io.github.vodhls.functions.TestDeployment.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.Wiring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenHandlerTest {
    private final TestDeployment d = new TestDeployment();

    private static FcResponse call(FcHttpFunction handler, FcEventBuilder event, TestContext context)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, context);
        return FcResponse.parse(out.toByteArray());
    }

    @Test
    void token_withApiKey_returnsTokenExpiryAndPlayUrl() {
        FcResponse r = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"user-1\",\"ttlSeconds\":600,\"maxUses\":3}"));

        assertEquals(200, r.statusCode(), r.bodyText());
        JsonObject body = r.json();
        String token = body.get("token").getAsString();
        assertEquals(3, token.split("\\.").length);
        assertEquals("2024-05-01T08:10:00Z", body.get("expiresAt").getAsString());
        assertEquals(3, body.get("maxUses").getAsInt());
        assertEquals("https://media.example.com/media/video-A/index.m3u8?MtsHlsUriToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8), body.get("playUrl").getAsString());
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void token_underAnyPathPrefix_isRoutedByLastSegment() {
        FcResponse r = d.token(FcEventBuilder.post("/api/v1/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}"));
        assertEquals(200, r.statusCode(), r.bodyText());
    }

    @Test
    void token_withoutApiKey_isUnauthorizedApiKeyMissing() {
        FcResponse r = d.token(FcEventBuilder.post("/token").json("{\"videoId\":\"v\",\"userId\":\"u\"}"));
        assertError(r, 401, "API_KEY_MISSING");
        assertEquals("Bearer", r.header("WWW-Authenticate"));
    }

    @Test
    void everyAdminRoute_withWrongApiKey_isUnauthorizedApiKeyInvalid() {
        String wrong = TestKeys.randomBase64(24);
        for (String route : new String[] {"/token", "/keys", "/revoke"}) {
            FcResponse r = d.token(FcEventBuilder.post(route).bearer(wrong).json("{\"videoId\":\"v\"}"));
            assertError(r, 401, "API_KEY_INVALID");
            assertFalse(r.raw().contains(wrong));
        }
        assertFalse(d.context.logText().contains(wrong));
        assertEquals(0, d.kms.generateCalls());
    }

    @Test
    void token_withMalformedJson_isBadRequestMalformedBody() {
        for (String body : new String[] {"{\"videoId\":", "[1,2]", "not json", ""}) {
            assertError(d.token(FcEventBuilder.post("/token").bearer(d.apiKey).json(body)), 400, "MALFORMED_BODY");
        }
    }

    @Test
    void token_withBase64EncodedJsonBody_isAccepted() {
        FcResponse r = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .base64Body("{\"videoId\":\"v\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, r.statusCode(), r.bodyText());
    }

    @Test
    void token_withBadFields_isBadRequestNamingTheField() {
        FcResponse wrongType = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"u\",\"maxUses\":\"many\"}"));
        assertError(wrongType, 400, "INVALID_PARAMETER");
        assertEquals("maxUses must be a whole number", wrongType.json().get("message").getAsString());

        FcResponse tooMany = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"u\",\"maxUses\":5000}"));
        assertError(tooMany, 400, "INVALID_PARAMETER");

        assertError(d.token(FcEventBuilder.post("/token").bearer(d.apiKey).json("{\"userId\":\"u\"}")), 400,
                "MISSING_PARAMETER");
    }

    @Test
    void revoke_withBothOrNeitherId_isBadRequest() {
        assertError(d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey).json("{}")), 400, "INVALID_PARAMETER");
        assertError(d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"t\",\"videoId\":\"v\"}")), 400, "INVALID_PARAMETER");
    }

    @Test
    void revoke_unknownToken_isNotFound() {
        assertError(d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey).json("{\"tokenId\":\"nope\"}")), 404,
                "NOT_FOUND");
    }

    @Test
    void unknownRouteAndWrongMethod_areNotFoundAndMethodNotAllowed() {
        assertError(d.token(FcEventBuilder.post("/admin").bearer(d.apiKey).json("{}")), 404, "NOT_FOUND");
        assertError(d.token(FcEventBuilder.get("/token").bearer(d.apiKey)), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void preflight_onToken_is204WithPostMethodsForAllowedOrigin() {
        FcResponse r = d.token(FcEventBuilder.request("OPTIONS", "/token").origin(ALLOWED_ORIGIN));
        assertEquals(204, r.statusCode());
        assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
        assertEquals("POST, OPTIONS", r.header("Access-Control-Allow-Methods"));
        assertTrue(r.header("Access-Control-Allow-Headers").contains("Authorization"));
    }

    @Test
    void tokenFunction_whenSigningKeysMissing_answers500ConfigurationInvalidNamingTheVariable() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("STORE", "memory");
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(d.apiKey));
        env.put("DECRYPT_BASE_URL", TestDeployment.DECRYPT_BASE_URL);
        TokenHandler handler = new TokenHandler(new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom())
                .tokenFunction());
        TestContext context = new TestContext();

        FcResponse r = call(handler, FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}"), context);

        assertError(r, 500, "CONFIGURATION_INVALID");
        assertEquals("TOKEN_SIGNING_KEYS, KMS_KEY_ID are missing or invalid; the function log has details",
                r.json().get("message").getAsString(), "every missing variable at once");
        JsonObject line = context.lastRequestLogLine();
        assertEquals("CONFIGURATION_INVALID", line.get("code").getAsString());
        assertTrue(line.get("message").getAsString().startsWith("TOKEN_SIGNING_KEYS: is required"),
                "the detail is logged: " + line);
        assertTrue(context.lines().get(0).startsWith("ERROR "), "a setup fault is an error: " + context.lines());
        assertThrows(ConfigurationException.class, () -> handler.initialize(context));
    }

    @Test
    void decryptFunction_whenSecretTooShort_answers500WithoutEchoingTheSecret() throws IOException {
        String shortSecret = TestKeys.randomBase64(20);
        Map<String, String> env = Map.of("STORE", "memory", "TOKEN_SIGNING_KEYS", "k1=" + shortSecret);
        DecryptHandler handler = new DecryptHandler(new Wiring(env, MutableClock.atDefaultStart(),
                new SecureRandom()).decryptFunction());
        TestContext context = new TestContext();

        FcResponse r = call(handler, FcEventBuilder.get("/decrypt").query("Ciphertext", "QUJDRA==")
                .query("MtsHlsUriToken", "t"), context);

        assertError(r, 500, "CONFIGURATION_INVALID");
        assertTrue(r.json().get("message").getAsString().contains("TOKEN_SIGNING_KEYS"), r.bodyText());
        assertFalse(r.raw().contains(shortSecret));
        assertFalse(context.logText().contains(shortSecret));
    }

    @Test
    void initialize_withValidConfiguration_warmsUpWithoutError() throws IOException {
        d.tokenHandler.initialize(d.context);
        d.decryptHandler.initialize(d.context);
        assertEquals(200, d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}")).statusCode());
    }
}
