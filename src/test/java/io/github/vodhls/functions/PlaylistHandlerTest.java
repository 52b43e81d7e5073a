package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.ALLOWED_ORIGIN;
import static io.github.vodhls.functions.TestDeployment.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The playlist function through FC 3.0 events: token checks, origin reads, the rewrite, headers and errors. */
class PlaylistHandlerTest {
    private static final String MEDIA = "#EXTM3U\n"
            + "#EXT-X-VERSION:3\n"
            + "#EXT-X-TARGETDURATION:4\n"
            + "#EXT-X-PLAYLIST-TYPE:VOD\n"
            + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://key.example.com/decrypt?Ciphertext=QUJD\"\n"
            + "#EXTINF:4.0,\n"
            + "seg_000.ts\n"
            + "#EXTINF:2.5,\n"
            + "seg_001.ts\n"
            + "#EXT-X-ENDLIST\n";
    private static final String MASTER = "#EXTM3U\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n"
            + "sd/index.m3u8\n";

    private final TestDeployment d = new TestDeployment();

    private FcResponse get(String path, String token) {
        FcEventBuilder event = FcEventBuilder.get(path).origin(ALLOWED_ORIGIN);
        if (token != null) {
            event.query("MtsHlsUriToken", token);
        }
        return d.playlist(event);
    }

    @Test
    void get_withTokenForTheVideo_answersThePlaylistWithTheTokenOnTheKeyUri() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        String token = d.issueToken("video-A", null);

        FcResponse r = get("/media/video-A/index.m3u8", token);

        assertEquals(200, r.statusCode(), r.bodyText());
        assertFalse(r.isBase64Encoded());
        assertEquals("application/vnd.apple.mpegurl", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
        String expected = MEDIA.replace("Ciphertext=QUJD\"", "Ciphertext=QUJD&MtsHlsUriToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "\"");
        assertEquals(expected, r.bodyText());
    }

    @Test
    void get_masterPlaylist_carriesTheTokenToTheVariantWhichComesBackRewrittenToo() {
        d.origin.put("video-A/master.m3u8", MASTER);
        d.origin.put("video-A/sd/index.m3u8", MEDIA);
        String token = d.issueToken("video-A", null);

        FcResponse master = get("/media/video-A/master.m3u8", token);
        assertEquals(200, master.statusCode(), master.bodyText());
        assertTrue(master.bodyText().contains("sd/index.m3u8?MtsHlsUriToken=" + token + "\n"), master.bodyText());

        FcResponse variant = get("/media/video-A/sd/index.m3u8", token);
        assertEquals(200, variant.statusCode(), variant.bodyText());
        assertTrue(variant.bodyText().contains("&MtsHlsUriToken=" + token + "\""), variant.bodyText());
    }

    @Test
    void get_doesNotConsumeUses() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        String token = d.issueToken("video-A", 1);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/media/video-A/index.m3u8", token).statusCode());
        }
        String ciphertext = d.registerVideo("video-A");
        assertEquals(200, d.decrypt(TestDeployment.keyRequest(ciphertext, token)).statusCode(),
                "the one key fetch is still there after five playlist loads");
    }

    @Test
    void get_withoutToken_is401TokenRequired() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        assertError(get("/media/video-A/index.m3u8", null), 403, "TOKEN_REQUIRED");
        assertError(get("/media/video-A/index.m3u8", ""), 403, "TOKEN_REQUIRED");
    }

    @Test
    void get_withForgedOrExpiredOrRevokedToken_is401() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        String token = d.issueToken("video-A", null);
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertError(get("/media/video-A/index.m3u8", forged), 403, "TOKEN_BAD_SIGNATURE");
        assertError(get("/media/video-A/index.m3u8", "not-a-token"), 403, "TOKEN_MALFORMED");

        d.clock.advance(Duration.ofHours(2));
        assertError(get("/media/video-A/index.m3u8", token), 403, "TOKEN_EXPIRED");

        String fresh = d.issueToken("video-A", null);
        d.clock.advance(Duration.ofSeconds(1));
        FcResponse revoke = d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey).json("{\"videoId\":\"video-A\"}"));
        assertEquals(200, revoke.statusCode(), revoke.bodyText());
        assertError(get("/media/video-A/index.m3u8", fresh), 403, "TOKEN_REVOKED");
    }

    @Test
    void get_withTokenForAnotherVideo_is403() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        assertError(get("/media/video-A/index.m3u8", d.issueToken("video-B", null)), 403, "TOKEN_NOT_FOR_VIDEO");
    }

    @Test
    void get_unknownVideoOrFile_is404() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        assertError(get("/media/video-B/index.m3u8", d.issueToken("video-B", null)), 404, "NOT_FOUND");
        assertError(get("/media/video-A/other.m3u8", d.issueToken("video-A", null)), 404, "NOT_FOUND");
        assertError(get("/elsewhere/video-A/index.m3u8", d.issueToken("video-A", null)), 404, "NOT_FOUND");
        assertError(get("/media/index.m3u8", d.issueToken("video-A", null)), 404, "NOT_FOUND");
    }

    @Test
    void get_pathTraversal_isRefusedBeforeAnyRead() {
        String token = d.issueToken("video-A", null);
        d.origin.put("video-A/index.m3u8", MEDIA);
        for (String raw : new String[] {"/media/video-A/../../etc/passwd.m3u8", "/media/video-A/%2e%2e/x.m3u8",
                "/media/..%2f..%2fetc/passwd.m3u8", "/media/video-A//index.m3u8", "/media/video-A/a%00.m3u8",
                "/media/video-A/./index.m3u8", "/media/video-A/sub%5cindex.m3u8"}) {
            FcResponse r = d.playlist(FcEventBuilder.get("/x").rawPath(raw).query("MtsHlsUriToken", token));
            assertError(r, 400, "INVALID_PARAMETER");
        }
        assertEquals(0, d.originReads.get(), "no refused path reached the origin");
    }

    @Test
    void get_withTokenRevokedByItsIdOrUnknownToTheStore_is401() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        com.google.gson.JsonObject issued = d.issue("video-A", null);
        String token = issued.get("token").getAsString();
        assertEquals(200, get("/media/video-A/index.m3u8", token).statusCode());
        FcResponse revoke = d.token(FcEventBuilder.post("/revoke").bearer(d.apiKey)
                .json("{\"tokenId\":\"" + issued.get("tokenId").getAsString() + "\"}"));
        assertEquals(200, revoke.statusCode(), revoke.bodyText());
        assertError(get("/media/video-A/index.m3u8", token), 403, "TOKEN_REVOKED");

        // correctly signed by this deployment's key, but never issued through its store
        TestDeployment other = new TestDeployment(Map.of("TOKEN_SIGNING_KEYS", d.signingKeys));
        other.origin.put("video-A/index.m3u8", MEDIA);
        String unrecorded = d.issueToken("video-A", null);
        assertError(other.playlist(FcEventBuilder.get("/media/video-A/index.m3u8")
                .query("MtsHlsUriToken", unrecorded)), 403, "TOKEN_UNKNOWN");
        assertEquals(0, other.originReads.get());
    }

    @Test
    void get_withSpentUses_stillLoadsThePlaylist() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        String token = d.issueToken("video-A", 1);
        assertEquals(200, d.decrypt(TestDeployment.keyRequest(d.registerVideo("video-A"), token)).statusCode());
        assertEquals(200, get("/media/video-A/index.m3u8", token).statusCode(), "reloads after the key are fine");
    }

    @Test
    void get_withTokenBoundToAnotherClientIp_is403() {
        TestDeployment bound = new TestDeployment(Map.of("BIND_CLIENT_IP", "true"));
        bound.origin.put("video-A/index.m3u8", MEDIA);
        FcResponse issued = bound.token(FcEventBuilder.post("/token").bearer(bound.apiKey)
                .json("{\"videoId\":\"video-A\",\"userId\":\"u\",\"clientIp\":\"198.51.100.7\"}"));
        assertEquals(200, issued.statusCode(), issued.bodyText());
        String token = issued.json().get("token").getAsString();

        FcResponse fromThere = bound.playlist(FcEventBuilder.get("/media/video-A/index.m3u8")
                .query("MtsHlsUriToken", token).sourceIp("198.51.100.7"));
        assertEquals(200, fromThere.statusCode(), fromThere.bodyText());
        assertError(bound.playlist(FcEventBuilder.get("/media/video-A/index.m3u8").query("MtsHlsUriToken", token)
                .sourceIp("203.0.113.9")), 403, "TOKEN_BINDING_MISMATCH");
    }

    @Test
    void get_segment_isRedirectedToTheSegmentBaseWithoutATokenCheck() {
        FcResponse r = get("/media/video-A/seg_000.ts", null);
        assertEquals(302, r.statusCode(), r.bodyText());
        assertEquals("https://media.example.com/media/video-A/seg_000.ts", r.header("Location"));
    }

    @Test
    void get_segment_withoutSegmentBase_is404() {
        TestDeployment bare = new TestDeployment(Map.of("SEGMENT_BASE_URL", ""));
        assertError(bare.playlist(FcEventBuilder.get("/media/video-A/seg_000.ts")), 404, "NOT_FOUND");
    }

    @Test
    void get_originFileThatIsNotAPlaylist_is502() {
        d.origin.put("video-A/index.m3u8", "<html>not found</html>");
        assertError(get("/media/video-A/index.m3u8", d.issueToken("video-A", null)), 502,
                "ORIGIN_RESPONSE_INVALID");
    }

    @Test
    void get_originDown_is503WithRetryAfter_andNeitherTokenNorDetailsLeak() {
        String token = d.issueToken("video-A", null);
        d.originFailure = new DependencyUnavailableException(ErrorCode.ORIGIN_UNAVAILABLE,
                "origin file bucket.example.com/video-A/index.m3u8: answered HTTP 500");
        FcResponse r = get("/media/video-A/index.m3u8", token);
        assertError(r, 503, "ORIGIN_UNAVAILABLE");
        assertEquals("1", r.header("Retry-After"));
        assertFalse(r.bodyText().contains("bucket.example.com"), r.bodyText());
        assertTrue(d.context.logText().contains("ORIGIN_UNAVAILABLE"), d.context.logText());
        assertFalse(d.context.logText().contains(token), "the token must not be logged");
    }

    @Test
    void head_answersHeadersWithoutBody_andOptionsIsAPreflight() {
        d.origin.put("video-A/index.m3u8", MEDIA);
        String token = d.issueToken("video-A", null);
        FcResponse head = d.playlist(FcEventBuilder.request("HEAD", "/media/video-A/index.m3u8")
                .query("MtsHlsUriToken", token));
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals("application/vnd.apple.mpegurl", head.header("Content-Type"));

        FcResponse preflight = d.playlist(FcEventBuilder.request("OPTIONS", "/media/video-A/index.m3u8")
                .origin(ALLOWED_ORIGIN).header("Access-Control-Request-Method", "GET"));
        assertEquals(ALLOWED_ORIGIN, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("GET"));

        assertError(d.playlist(FcEventBuilder.post("/media/video-A/index.m3u8").query("MtsHlsUriToken", token)),
                405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aHostileOriginPlaylist_getsTheTokenOnlyWhereItMayGo_andTheLogCountsTheRest() {
        String hostile = "#EXTM3U\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"https://key.example.com/decrypt?Ciphertext=QUJD\"\n"
                + "#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"https://attacker.example/steal\"\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"//attacker.example/a.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1\nhttp://key.example.com/cleartext.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=2\nhttps://key.example.com@attacker.example/x.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=3\nsd/index.m3u8\n";
        d.origin.put("video-A/master.m3u8", hostile);
        String token = d.issueToken("video-A", null);
        String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);

        FcResponse r = get("/media/video-A/master.m3u8", token);

        assertEquals(200, r.statusCode(), r.bodyText());
        String expected = hostile.replace("Ciphertext=QUJD\"", "Ciphertext=QUJD&MtsHlsUriToken=" + encoded + "\"")
                .replace("sd/index.m3u8", "sd/index.m3u8?MtsHlsUriToken=" + encoded);
        assertEquals(expected, r.bodyText(), "the DECRYPT_BASE_URL host and the relative URI only");
        assertEquals(4, d.context.lastRequestLogLine().get("tokenUrisWithheld").getAsInt());
        assertFalse(d.context.logText().contains(token), "the log line carries the count, not the token");
    }

    @Test
    void aRewriteBeyondTheLimits_is502_notAnOutOfMemoryError() {
        StringBuilder bomb = new StringBuilder("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128");
        for (int i = 0; i < 150_000; i++) {
            bomb.append(",URI=\"k\"");
        }
        d.origin.put("video-A/index.m3u8", bomb.append("\n").toString());
        FcResponse r = get("/media/video-A/index.m3u8", d.issueToken("video-A", null));
        assertError(r, 502, "ORIGIN_RESPONSE_INVALID");
        assertTrue(d.context.lastRequestLogLine().get("message").getAsString().contains("PLAYLIST_MAX_TOKEN_URIS"));
    }
}
