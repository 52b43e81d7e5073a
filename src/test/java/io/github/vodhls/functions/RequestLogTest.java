package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.keyRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.aliyun.fc.runtime.Context;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one JSON line every request logs: its fields, and what it never contains. */
class RequestLogTest {
    private static final Set<String> FIELDS = Set.of("function", "requestId", "method", "path", "status", "code",
            "latencyMs", "storeCalls", "storeRoundTrips", "kmsCalls", "vodCalls", "originCalls", "entitlementCalls",
            "videoId", "tokenId", "message");

    private final TestDeployment d = new TestDeployment();

    /** The line of the request just made, after checking that it made exactly one. */
    private JsonObject lineOf(Runnable request) {
        int before = d.context.requestLogLines().size();
        request.run();
        List<JsonObject> lines = d.context.requestLogLines();
        assertEquals(before + 1, lines.size(), "one line per request: " + d.context.lines());
        JsonObject line = lines.get(lines.size() - 1);
        assertTrue(FIELDS.containsAll(line.keySet()), "unexpected fields: " + line);
        assertTrue(line.get("latencyMs").getAsLong() >= 0, line.toString());
        assertEquals("test-request-1", line.get("requestId").getAsString(), "FC's request id");
        return line;
    }

    @Test
    void keyFetch_logsFunctionOutcomeStatusAndTheTokensIds() {
        String ciphertext = d.registerVideo("video-A");
        JsonObject issued = d.issue("video-A", 5);

        JsonObject line = lineOf(() -> assertEquals(200,
                d.decrypt(keyRequest(ciphertext, issued.get("token").getAsString())).statusCode()));

        assertEquals("decrypt", line.get("function").getAsString());
        assertEquals("GET", line.get("method").getAsString());
        assertEquals("/decrypt", line.get("path").getAsString());
        assertEquals(200, line.get("status").getAsInt());
        assertEquals("OK", line.get("code").getAsString());
        assertEquals("video-A", line.get("videoId").getAsString());
        assertEquals(issued.get("tokenId").getAsString(), line.get("tokenId").getAsString());
        assertFalse(line.has("message"), "successes carry no message");
        assertTrue(d.context.lines().get(d.context.lines().size() - 1).startsWith("INFO "));
    }

    @Test
    void refusedKeyFetch_logsTheErrorCodeWithTheTokenItWasRefusedFor() {
        String ciphertext = d.registerVideo("video-A");
        JsonObject issued = d.issue("video-A", 1);
        String token = issued.get("token").getAsString();
        d.decrypt(keyRequest(ciphertext, token));

        JsonObject line = lineOf(() -> d.decrypt(keyRequest(ciphertext, token)));

        assertEquals(403, line.get("status").getAsInt());
        assertEquals("TOKEN_USES_EXHAUSTED", line.get("code").getAsString());
        assertEquals(issued.get("tokenId").getAsString(), line.get("tokenId").getAsString());
        assertEquals("video-A", line.get("videoId").getAsString());
        assertTrue(line.has("message"), line.toString());
    }

    @Test
    void badSignature_logsNoIdsTakenFromTheUnverifiedToken() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 1);

        JsonObject line = lineOf(() -> d.decrypt(keyRequest(ciphertext, token + "x")));

        assertEquals(403, line.get("status").getAsInt());
        assertEquals("TOKEN_BAD_SIGNATURE", line.get("code").getAsString());
        assertFalse(line.has("tokenId"), line.toString());
        assertFalse(line.has("videoId"), line.toString());
    }

    @Test
    void tokenRoutes_logTheIdsOfTheirBodiesAndResults() {
        JsonObject keys = lineOf(() -> d.registerVideo("video-B"));
        assertEquals("token", keys.get("function").getAsString());
        assertEquals("/keys", keys.get("path").getAsString());
        assertEquals("video-B", keys.get("videoId").getAsString());

        JsonObject[] issued = new JsonObject[1];
        JsonObject issue = lineOf(() -> issued[0] = d.issue("video-B", null));
        assertEquals(issued[0].get("tokenId").getAsString(), issue.get("tokenId").getAsString());
        assertEquals("video-B", issue.get("videoId").getAsString());

        JsonObject revoke = lineOf(() -> d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"" + issued[0].get("tokenId").getAsString() + "\"}")));
        assertEquals(200, revoke.get("status").getAsInt());
        assertEquals(issued[0].get("tokenId").getAsString(), revoke.get("tokenId").getAsString());

        JsonObject malformed = lineOf(() -> d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"not an id!\",\"userId\":\"u\"}")));
        assertEquals("INVALID_PARAMETER", malformed.get("code").getAsString());
        assertFalse(malformed.has("videoId"), "an id that is not well formed is not logged: " + malformed);
    }

    @Test
    void playlist_logsThePathsVideo_andTheTokenOnceVerified() {
        JsonObject issued = d.issue("video-A", 5);
        d.origin.put("video-A/index.m3u8", "#EXTM3U\n#EXTINF:10.0,\nseg_000.ts\n#EXT-X-ENDLIST\n");

        JsonObject served = lineOf(() -> d.call(d.playlistHandler, FcEventBuilder.get("/media/video-A/index.m3u8")
                .query("MtsHlsUriToken", issued.get("token").getAsString())));
        assertEquals("playlist", served.get("function").getAsString());
        assertEquals(200, served.get("status").getAsInt());
        assertEquals("video-A", served.get("videoId").getAsString());
        assertEquals(issued.get("tokenId").getAsString(), served.get("tokenId").getAsString());

        JsonObject otherVideo = lineOf(() -> d.call(d.playlistHandler, FcEventBuilder.get("/media/video-B/index.m3u8")
                .query("MtsHlsUriToken", issued.get("token").getAsString())));
        assertEquals("TOKEN_NOT_FOR_VIDEO", otherVideo.get("code").getAsString());
        assertEquals("video-B", otherVideo.get("videoId").getAsString(), "the video asked for");
        assertEquals(issued.get("tokenId").getAsString(), otherVideo.get("tokenId").getAsString());
    }

    @Test
    void preflightAndUnreadableEvents_areLoggedToo() {
        JsonObject preflight = lineOf(() -> d.decrypt(FcEventBuilder.request("OPTIONS", "/decrypt")
                .origin(TestDeployment.ALLOWED_ORIGIN).header("Access-Control-Request-Method", "GET")));
        assertEquals(204, preflight.get("status").getAsInt());
        assertEquals("OPTIONS", preflight.get("method").getAsString());

        JsonObject unreadable = lineOf(() -> d.decrypt(FcEventBuilder.get("/decrypt").withoutRequestContext()));
        assertEquals(400, unreadable.get("status").getAsInt());
        assertEquals("MALFORMED_BODY", unreadable.get("code").getAsString());
        assertFalse(unreadable.has("method"), "no request was read: " + unreadable);
    }

    @Test
    void tokensKeysSignaturesAndApiKeys_neverReachTheLog() {
        String ciphertext = d.registerVideo("video-A");
        String token = d.issueToken("video-A", 2);
        FcResponse key = d.decrypt(keyRequest(ciphertext, token));
        d.decrypt(keyRequest(ciphertext, token).method("HEAD"));
        d.decrypt(keyRequest(ciphertext, token + "x"));
        d.decrypt(FcEventBuilder.get("/decrypt/" + token).query("Ciphertext", ciphertext)); // a token in the path
        d.token(FcEventBuilder.post("/token").bearer("wrong-" + d.apiKey).json("{}"));
        d.token(FcEventBuilder.post("/x/" + token).bearer(d.apiKey).json("{}")); // a token in a wrong route
        d.token(FcEventBuilder.get("/token/" + token)); // and with the wrong method
        d.playlist(FcEventBuilder.get("/media/video-A/" + token + ".m3u8").query("MtsHlsUriToken", token));

        String log = d.context.logText();
        assertEquals(8, d.context.requestLogLines().size() - 2, "two lines for the setup, one per request");
        assertFalse(log.contains(token), "no whole token: " + log);
        assertFalse(log.contains(token.split("\\.")[2]), "no token signature");
        assertFalse(log.contains(Base64.getEncoder().encodeToString(key.body())), "no key material");
        assertFalse(log.contains(ciphertext), "no query strings");
        assertFalse(log.contains(d.apiKey), "no API key");
        JsonObject pathLine = d.context.requestLogLines().get(5);
        assertEquals(RequestLogLine.MAX_PATH, pathLine.get("path").getAsString().length(), pathLine.toString());
    }

    @Test
    void viewerOverTheirLimits_isLoggedAs429WithTheCodeAndTheVideo_neverTheLoginToken() {
        TestDeployment viewers = new TestDeployment(java.util.Map.of("VIEWER_TOKENS_PER_MINUTE", "1"),
                (config, clock) -> login -> login.split("\\.")[1],
                new io.github.vodhls.core.entitlement.AllowAllEntitlements());
        String login = "login.alice." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        FcResponse first = viewers.token(FcEventBuilder.post("/token").header("Authorization", "Bearer " + login)
                .json("{\"videoId\":\"video-A\"}"));
        assertEquals(200, first.statusCode(), first.bodyText());
        int before = viewers.context.requestLogLines().size();

        viewers.token(FcEventBuilder.post("/token").header("Authorization", "Bearer " + login)
                .json("{\"videoId\":\"video-A\"}"));

        JsonObject line = viewers.context.requestLogLines().get(before);
        assertEquals(429, line.get("status").getAsInt());
        assertEquals("RATE_LIMITED", line.get("code").getAsString());
        assertEquals("video-A", line.get("videoId").getAsString());
        assertEquals("viewer alice requested 1 token in the last 60 s (limit 1); retry in 60 s",
                line.get("message").getAsString());
        assertFalse(viewers.context.logText().contains(login), "no login token");
        assertFalse(viewers.context.logText().contains(first.json().get("token").getAsString()), "no token");
    }

    @Test
    void playInfo_itsSignedUrlsAndTheTokenOnThem_neverReachTheLog_andItsRefusalsAreLoggedByCode() {
        String signed = "https://vod.example.com/abc/ld.m3u8?auth_key=1893456000-477b3bbc253f467b8def6711128c7bec-0-"
                + "0123456789abcdef0123456789abcdef";
        d.playStreams.put("video-A", List.of(new io.github.vodhls.core.video.PlayStream("LD", "m3u8", true,
                "HLSEncryption", "Normal", 1280L, 720L, 1214.3, signed, null)));
        JsonObject[] issued = new JsonObject[1];
        JsonObject line = lineOf(() -> issued[0] = d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"u\",\"playInfo\":true}")).json());
        assertEquals(200, line.get("status").getAsInt(), line.toString());
        JsonObject refused = lineOf(() -> d.token(FcEventBuilder.post("/token").bearer(d.apiKey)
                .json("{\"videoId\":\"video-B\",\"userId\":\"u\",\"playInfo\":true}")));
        assertEquals("VIDEO_NOT_FOUND", refused.get("code").getAsString(), refused.toString());
        assertEquals(404, refused.get("status").getAsInt());

        String log = d.context.logText();
        assertFalse(log.contains(issued[0].get("token").getAsString()), "no whole token: " + log);
        assertFalse(log.contains("477b3bbc253f467b8def6711128c7bec"), "no signed URL: " + log);
        assertFalse(log.contains("vod.example.com"), "no play URL: " + log);
    }

    @Test
    void uploadCallback_aJobNotRecorded_isLoggedByIdsAndCodes_neverByCiphertextKeyOrSignature() {
        d.videos.failNextMarks(storeDown(), storeDown(), storeDown());
        String event = EventFilesTest.read("callback-file-upload-complete.json");

        JsonObject line = lineOf(() -> assertEquals(200, d.call(d.uploadCallbackHandler, event).statusCode()));

        assertEquals("OK", line.get("code").getAsString());
        assertTrue(line.get("message").getAsString().contains("was submitted but not recorded"), line.toString());
        String log = d.context.logText();
        String ciphertext = d.videos.find("1f2e3d4c5b6a79880f1e2d3c4b5a6978").orElseThrow().ciphertext();
        assertFalse(log.contains(ciphertext), "no ciphertext: " + log);
        assertFalse(log.contains(java.net.URLEncoder.encode(ciphertext, StandardCharsets.UTF_8)),
                "nor the key URI that carries it");
        assertFalse(log.contains(JsonParser.parseString(event).getAsJsonObject().getAsJsonObject("headers")
                .get("X-VOD-SIGNATURE").getAsString()), "no callback signature");
        assertFalse(log.contains(TestDeployment.CALLBACK_PRIVATE_KEY), "no callback key");
    }

    @Test
    void uploadCallback_aReplayedSignature_isLoggedAsCallbackReplayedForTheBodysVideo_neverWithTheSignature() {
        String event = EventFilesTest.read("callback-file-upload-complete.json");
        JsonObject replay = JsonParser.parseString(event).getAsJsonObject();
        String body = replay.get("body").getAsString();
        replay.addProperty("body", body.replace("1f2e3d4c5b6a79880f1e2d3c4b5a6978", "99999999999999999999999999999999"));
        d.call(d.uploadCallbackHandler, event);

        JsonObject line = lineOf(() -> assertEquals(401, d.call(d.uploadCallbackHandler, replay.toString())
                .statusCode()));

        assertEquals("CALLBACK_REPLAYED", line.get("code").getAsString());
        assertEquals("99999999999999999999999999999999", line.get("videoId").getAsString());
        String log = d.context.logText();
        assertFalse(log.contains(replay.getAsJsonObject("headers").get("X-VOD-SIGNATURE").getAsString()),
                "no callback signature: " + log);
        assertFalse(log.contains(TestDeployment.CALLBACK_PRIVATE_KEY), "no callback key");
        assertEquals(1, d.transcodeJobs.size(), "the replay submitted nothing");
    }

    private static DependencyUnavailableException storeDown() {
        return new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "UpdateRow timed out");
    }

    @Test
    void withoutAnFcLogger_theLineGoesToStdout() throws IOException {
        Context context = mock(Context.class);
        when(context.getRequestId()).thenReturn("req-9");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            d.decryptHandler.handleRequest(FcEventBuilder.get("/decrypt").toStream(), new ByteArrayOutputStream(),
                    context);
        } finally {
            System.setOut(original);
        }
        JsonObject line = JsonParser.parseString(captured.toString(StandardCharsets.UTF_8).trim()).getAsJsonObject();
        assertEquals("req-9", line.get("requestId").getAsString());
        assertEquals("MISSING_PARAMETER", line.get("code").getAsString());
        assertNull(context.getLogger());
    }

    @Test
    void functionNames_areTheHandlersNamesInKebabCase() {
        assertEquals("token", d.tokenHandler.functionName());
        assertEquals("decrypt", d.decryptHandler.functionName());
        assertEquals("upload-callback", d.uploadCallbackHandler.functionName());
        assertEquals("playlist", d.playlistHandler.functionName());
    }

    @Test
    void uploadCallback_logsTheVideoOfTheEvent_andTheQueueTriggerLogsALineWithoutMethod() throws IOException {
        JsonObject callback = lineOf(() -> d.call(d.uploadCallbackHandler,
                EventFilesTest.read("callback-file-upload-complete.json")));
        assertEquals("upload-callback", callback.get("function").getAsString());
        assertEquals("1f2e3d4c5b6a79880f1e2d3c4b5a6978", callback.get("videoId").getAsString());

        JsonObject queue = lineOf(() -> {
            try {
                d.uploadCallbackHandler.handleRequest(new java.io.ByteArrayInputStream(EventFilesTest
                        .read("mns-file-upload-complete.json").getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), d.context);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(200, queue.get("status").getAsInt());
        assertEquals("OK", queue.get("code").getAsString());
        assertFalse(queue.has("method"), queue.toString());
    }
}
