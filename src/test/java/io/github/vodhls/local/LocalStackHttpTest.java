package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.LocalKms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack over real loopback HTTP: the same handlers, the local KMS and the H2 store. */
class LocalStackHttpTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, null, Map.of("TOKEN_DEFAULT_MAX_USES", "3"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private HttpResponse<String> post(String path, String apiKey, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void keysThenTokenThenDecrypt_givesTheKeyTheLocalKmsWrapped() throws Exception {
        HttpResponse<String> keys = post("/keys", stack.apiKey(), "{\"videoId\":\"video-42\"}");
        assertEquals(200, keys.statusCode(), keys.body());
        String ciphertext = json(keys).get("ciphertext").getAsString();
        String decryptKeyUri = json(keys).get("decryptKeyUri").getAsString();
        assertEquals(stack.baseUrl() + "/decrypt?Ciphertext=" + URLEncoder.encode(ciphertext, StandardCharsets.UTF_8),
                decryptKeyUri);

        HttpResponse<String> issued = post("/token", stack.apiKey(), "{\"videoId\":\"video-42\",\"userId\":\"alice\"}");
        assertEquals(200, issued.statusCode(), issued.body());
        String token = json(issued).get("token").getAsString();
        assertEquals(stack.baseUrl() + "/media/video-42/index.m3u8?MtsHlsUriToken=" + token,
                json(issued).get("playUrl").getAsString());

        HttpResponse<byte[]> key = get(decryptKeyUri + "&MtsHlsUriToken=" + token);
        assertEquals(200, key.statusCode());
        assertEquals("application/octet-stream", key.headers().firstValue("Content-Type").orElse(""));
        assertTrue(key.headers().firstValue("Cache-Control").orElse("").startsWith("private, max-age="));
        byte[] expected = LocalKms.open(dataDir).decrypt(ciphertext);
        assertEquals(16, key.body().length);
        assertArrayEquals(expected, key.body());
        String logged = log.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains(Base64.getEncoder().encodeToString(expected)), "key material in the log");
        assertFalse(logged.contains(token), "whole token in the log");
    }

    @Test
    void keys_calledTwice_returnsTheSameRegisteredKey() throws Exception {
        String first = json(post("/keys", stack.apiKey(), "{\"videoId\":\"v1\"}")).get("ciphertext").getAsString();
        JsonObject second = json(post("/keys", stack.apiKey(), "{\"videoId\":\"v1\"}"));
        assertEquals(first, second.get("ciphertext").getAsString());
        assertFalse(second.get("created").getAsBoolean());
    }

    @Test
    void decrypt_afterMaxUses_isForbidden_andTokenForOtherVideo_isForbidden() throws Exception {
        String uriA = json(post("/keys", stack.apiKey(), "{\"videoId\":\"a\"}")).get("decryptKeyUri").getAsString();
        post("/keys", stack.apiKey(), "{\"videoId\":\"b\"}");
        String tokenB = json(post("/token", stack.apiKey(), "{\"videoId\":\"b\",\"userId\":\"u\"}")).get("token")
                .getAsString();
        HttpResponse<byte[]> crossVideo = get(uriA + "&MtsHlsUriToken=" + tokenB);
        assertEquals(403, crossVideo.statusCode());
        assertTrue(new String(crossVideo.body(), StandardCharsets.UTF_8).contains("CIPHERTEXT_NOT_FOR_VIDEO"));

        String tokenA = json(post("/token", stack.apiKey(), "{\"videoId\":\"a\",\"userId\":\"u\"}")).get("token")
                .getAsString();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(uriA + "&MtsHlsUriToken=" + tokenA).statusCode());
        }
        HttpResponse<byte[]> exhausted = get(uriA + "&MtsHlsUriToken=" + tokenA);
        assertEquals(403, exhausted.statusCode());
        assertTrue(new String(exhausted.body(), StandardCharsets.UTF_8).contains("TOKEN_USES_EXHAUSTED"));
    }

    @Test
    void token_withoutOrWithWrongApiKey_isUnauthorized() throws Exception {
        HttpResponse<String> none = post("/token", null, "{\"videoId\":\"a\",\"userId\":\"u\"}");
        assertEquals(401, none.statusCode());
        assertEquals("API_KEY_MISSING", json(none).get("code").getAsString());
        HttpResponse<String> wrong = post("/token", "not-the-key", "{\"videoId\":\"a\",\"userId\":\"u\"}");
        assertEquals(401, wrong.statusCode());
        assertEquals("API_KEY_INVALID", json(wrong).get("code").getAsString());
    }

    @Test
    void state_survivesARestart() throws Exception {
        String uri = json(post("/keys", stack.apiKey(), "{\"videoId\":\"persist\"}")).get("decryptKeyUri")
                .getAsString();
        String token = json(post("/token", stack.apiKey(),
                "{\"videoId\":\"persist\",\"userId\":\"u\",\"maxUses\":2}")).get("token").getAsString();
        byte[] before = get(uri + "&MtsHlsUriToken=" + token).body();
        String apiKey = stack.apiKey();
        stack.close();
        stack = LocalStack.start(0, dataDir, null, Map.of(), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(apiKey, stack.apiKey(), "the generated API key is kept in the data dir");
        String newUri = uri.replaceFirst("http://127\\.0\\.0\\.1:\\d+", stack.baseUrl());
        HttpResponse<byte[]> after = get(newUri + "&MtsHlsUriToken=" + token);
        assertEquals(200, after.statusCode(), "token signed before the restart still verifies");
        assertArrayEquals(before, after.body());
        assertEquals(403, get(newUri + "&MtsHlsUriToken=" + token).statusCode(), "uses counted across the restart");
    }

    /**
     * Issue 12 §4 against the local stack over HTTP: one signed (timestamp, signature) pair is bound to the body it
     * first came with; the same headers with another VideoId are refused, the same body again is a retry.
     */
    @Test
    void callback_replayedWithAnotherBody_isUnauthorizedCallbackReplayed() throws Exception {
        String key = LocalSecrets.callbackKey(dataDir, new java.security.SecureRandom());
        long timestamp = java.time.Instant.now().getEpochSecond();
        String signature = io.github.vodhls.core.video.VodCallbackSignature.sign(stack.baseUrl() + "/callback",
                timestamp, key);
        java.util.function.Function<String, HttpResponse<String>> send = videoId -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/callback"))
                        .timeout(Duration.ofSeconds(10))
                        .header("X-VOD-TIMESTAMP", Long.toString(timestamp))
                        .header("X-VOD-SIGNATURE", signature)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"EventType\":\"FileUploadComplete\","
                                + "\"VideoId\":\"" + videoId + "\",\"Status\":\"success\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };

        HttpResponse<String> first = send.apply("0123456789abcdef0123456789abcdef");
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> replay = send.apply("fedcba9876543210fedcba9876543210");
        assertEquals(401, replay.statusCode(), replay.body());
        assertEquals("CALLBACK_REPLAYED", json(replay).get("code").getAsString());
        HttpResponse<String> retry = send.apply("0123456789abcdef0123456789abcdef");
        assertEquals(200, retry.statusCode(), "the same body again is VOD's retry: " + retry.body());
    }

    @Test
    void unknownRoute_isJson404_andLandingPageServes() throws Exception {
        HttpResponse<byte[]> missing = get(stack.baseUrl() + "/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(new String(missing.body(), StandardCharsets.UTF_8).contains("NOT_FOUND"));
        HttpResponse<byte[]> landing = get(stack.baseUrl() + "/");
        assertEquals(200, landing.statusCode());
        assertTrue(new String(landing.body(), StandardCharsets.UTF_8).contains(LandingPage.HLS_JS_PATH));
    }
}
