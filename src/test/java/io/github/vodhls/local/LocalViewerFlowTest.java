package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.LocalKms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A viewer on the local stack: log in like a player would, get a token, be refused by the entitlement rule. */
class LocalViewerFlowTest {
    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, null, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private String login(String userId) throws Exception {
        HttpResponse<String> login = post("/login", null, "{\"userId\":\"" + userId + "\"}");
        assertEquals(200, login.statusCode(), login.body());
        return json(login).get("loginToken").getAsString();
    }

    @Test
    void viewer_logsIn_getsATokenForThemselves_andFetchesTheKey() throws Exception {
        JsonObject keys = json(post("/keys", stack.apiKey(), "{\"videoId\":\"demo\"}"));
        HttpResponse<String> token = post("/token", login("alice"), "{\"videoId\":\"demo\"}");
        assertEquals(200, token.statusCode(), token.body());
        assertEquals("alice", json(token).get("userId").getAsString());

        HttpResponse<byte[]> key = http.send(HttpRequest.newBuilder(URI.create(keys.get("decryptKeyUri").getAsString()
                + "&MtsHlsUriToken=" + json(token).get("token").getAsString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, key.statusCode());
        assertArrayEquals(LocalKms.open(dataDir).decrypt(keys.get("ciphertext").getAsString()), key.body());
    }

    @Test
    void viewer_askingForBobsToken_isForbidden() throws Exception {
        HttpResponse<String> token = post("/token", login("alice"), "{\"videoId\":\"demo\",\"userId\":\"bob\"}");
        assertEquals(403, token.statusCode());
        assertEquals("VIEWER_USER_MISMATCH", json(token).get("code").getAsString());
    }

    @Test
    void entitlementRule_setOverHttp_refusesAndThenAllowsAgain() throws Exception {
        String alice = login("alice");
        HttpResponse<String> unauthenticated = post("/entitlements", null,
                "{\"userId\":\"alice\",\"videoId\":\"demo\",\"allowed\":false}");
        assertEquals(401, unauthenticated.statusCode());
        assertEquals("API_KEY_MISSING", json(unauthenticated).get("code").getAsString());
        assertEquals("Bearer", unauthenticated.headers().firstValue("WWW-Authenticate").orElse(null),
                "the functions' mapper answers the local routes too");
        HttpResponse<String> badBody = post("/entitlements", stack.apiKey(),
                "{\"userId\":\"alice\",\"videoId\":\"demo\"}");
        assertEquals(400, badBody.statusCode());
        assertEquals("INVALID_PARAMETER", json(badBody).get("code").getAsString());
        HttpResponse<String> notJson = post("/login", null, "[1]");
        assertEquals(400, notJson.statusCode());
        assertEquals("{\"code\":\"MALFORMED_BODY\",\"message\":\"body must be a JSON object\"}", notJson.body());
        // two byte order marks and a long bare literal would loop Gson's reader forever (ByteOrderMark)
        HttpResponse<String> looping = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10), () -> post("/login", null, "\uFEFF\uFEFF" + "t".repeat(1023)));
        assertEquals(400, looping.statusCode());
        assertEquals("MALFORMED_BODY", json(looping).get("code").getAsString());

        assertEquals(200, post("/entitlements", stack.apiKey(),
                "{\"userId\":\"alice\",\"videoId\":\"demo\",\"allowed\":false}").statusCode());
        HttpResponse<String> refused = post("/token", alice, "{\"videoId\":\"demo\"}");
        assertEquals(403, refused.statusCode());
        assertEquals("ENTITLEMENT_DENIED", json(refused).get("code").getAsString());
        assertEquals(200, post("/token", login("bob"), "{\"videoId\":\"demo\"}").statusCode());
        assertEquals(200, post("/token", alice, "{\"videoId\":\"other\"}").statusCode());

        assertEquals(200, post("/entitlements", stack.apiKey(),
                "{\"userId\":\"alice\",\"videoId\":\"demo\",\"allowed\":true}").statusCode());
        assertEquals(200, post("/token", alice, "{\"videoId\":\"demo\"}").statusCode());
    }

    @Test
    void viewerMintingTokensQuickly_isRateLimitedAfter30_andASixthStreamIsRefused() throws Exception {
        String alice = login("alice");
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> token = post("/token", alice, "{\"videoId\":\"demo\"}");
            assertEquals(200, token.statusCode(), token.body());
        }
        HttpResponse<String> refused = post("/token", alice, "{\"videoId\":\"demo\"}");
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("RATE_LIMITED", json(refused).get("code").getAsString());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);

        String bob = login("bob");
        for (int i = 1; i <= 5; i++) {
            assertEquals(200, post("/token", bob, "{\"videoId\":\"video-" + i + "\"}").statusCode());
        }
        HttpResponse<String> sixth = post("/token", bob, "{\"videoId\":\"video-6\"}");
        assertEquals(429, sixth.statusCode(), sixth.body());
        assertEquals("TOO_MANY_STREAMS", json(sixth).get("code").getAsString());
        assertTrue(sixth.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void replaceOldestPolicy_revokesTheOldestStream_overHttp() throws Exception {
        stack.close();
        stack = LocalStack.start(0, dataDir.resolve("replace-oldest"), null,
                Map.of("VIEWER_STREAM_LIMIT_POLICY", "replace-oldest"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonObject keys = json(post("/keys", stack.apiKey(), "{\"videoId\":\"demo\"}"));
        String carol = login("carol");
        String oldest = json(post("/token", carol, "{\"videoId\":\"demo\"}")).get("token").getAsString();
        URI oldestKey = URI.create(keys.get("decryptKeyUri").getAsString() + "&MtsHlsUriToken=" + oldest);
        assertEquals(200, http.send(HttpRequest.newBuilder(oldestKey).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode());
        for (int i = 1; i <= 5; i++) {
            assertEquals(200, post("/token", carol, "{\"videoId\":\"video-" + i + "\"}").statusCode());
        }
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(oldestKey).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, key.statusCode(), key.body());
        assertEquals("TOKEN_REVOKED", json(key).get("code").getAsString());
    }

    @Test
    void forgedLoginToken_isUnauthorized() throws Exception {
        String alice = login("alice");
        String[] parts = alice.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x" + "." + parts[2];
        HttpResponse<String> token = post("/token", forged, "{\"videoId\":\"demo\"}");
        assertEquals(401, token.statusCode(), token.body());
    }

    @Test
    void login_withBadUserId_isBadRequest() throws Exception {
        HttpResponse<String> login = post("/login", null, "{\"userId\":\"no spaces please\"}");
        assertEquals(400, login.statusCode());
        assertEquals("INVALID_PARAMETER", json(login).get("code").getAsString());
    }
}
