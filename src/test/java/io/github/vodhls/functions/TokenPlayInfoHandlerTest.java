package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.video.PlayStream;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The token function's play info: the video's HLS-encrypted streams as VOD lists them, each URL with the token, for
 * the backend and for viewers, per request or by PLAY_INFO; VOD's refusals as 404 and 409 answers.
 */
class TokenPlayInfoHandlerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SIGNED = "https://vod.example.com/abc/ld.m3u8?auth_key=1893456000-0-0-"
            + "0123456789abcdef0123456789abcdef";

    private static PlayStream stream(String definition, boolean encrypted, String type, String url) {
        return new PlayStream(definition, "m3u8", encrypted, type, "Normal", 1280L, 720L, 1214.3, url, T0);
    }

    private static FcEventBuilder backendToken(TestDeployment d, String json) {
        return FcEventBuilder.post("/token").bearer(d.apiKey).json(json);
    }

    @Test
    void playInfoTrue_givesOneEntryPerDefinition_withTheTokenAppendedAfterAnyQueryTheUrlHas() {
        TestDeployment d = new TestDeployment();
        d.playStreams.put("video-A", List.of(
                stream("FD", false, null, "https://vod.example.com/abc/fd.m3u8"),
                stream("LD", true, "HLSEncryption", SIGNED),
                stream("SD", true, "AliyunVoDEncryption", "https://vod.example.com/abc/sd-private.m3u8"),
                stream("HD", true, "HLSEncryption", "https://vod.example.com/abc/hd.m3u8#start")));

        FcResponse r = d.token(backendToken(d, "{\"videoId\":\"video-A\",\"userId\":\"u\",\"playInfo\":true}"));

        assertEquals(200, r.statusCode(), r.bodyText());
        String token = r.json().get("token").getAsString();
        String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
        JsonArray playInfo = r.json().getAsJsonArray("playInfo");
        assertEquals(2, playInfo.size(), playInfo.toString());
        JsonObject ld = playInfo.get(0).getAsJsonObject();
        assertEquals(java.util.Set.of("definition", "width", "height", "bitrate", "url"), ld.keySet());
        assertEquals("LD", ld.get("definition").getAsString());
        assertEquals(1280, ld.get("width").getAsInt());
        assertEquals(720, ld.get("height").getAsInt());
        assertEquals(1214.3, ld.get("bitrate").getAsDouble());
        assertEquals(SIGNED + "&MtsHlsUriToken=" + encoded, ld.get("url").getAsString());
        assertEquals("https://vod.example.com/abc/hd.m3u8?MtsHlsUriToken=" + encoded + "#start",
                playInfo.get(1).getAsJsonObject().get("url").getAsString());
        assertTrue(r.json().has("playUrl"), "PLAY_URL_TEMPLATE's URL comes as before");
    }

    @Test
    void withoutPlayInfo_orWithPlayInfoFalse_nothingIsAsked_unlessPlayInfoIsTheDefault() {
        TestDeployment d = new TestDeployment();
        d.playStreams.put("video-A", List.of(stream("LD", true, "HLSEncryption", "https://vod.example.com/ld.m3u8")));
        assertFalse(d.token(backendToken(d, "{\"videoId\":\"video-A\",\"userId\":\"u\"}")).json().has("playInfo"));
        assertFalse(d.token(backendToken(d, "{\"videoId\":\"video-A\",\"userId\":\"u\",\"playInfo\":false}")).json()
                .has("playInfo"));
        assertEquals(0, d.playInfoCalls.get());

        TestDeployment byDefault = new TestDeployment(Map.of("PLAY_INFO", "true"));
        byDefault.playStreams.put("video-A", d.playStreams.get("video-A"));
        assertEquals(1, byDefault.token(backendToken(byDefault, "{\"videoId\":\"video-A\",\"userId\":\"u\"}")).json()
                .getAsJsonArray("playInfo").size());
        assertFalse(byDefault.token(backendToken(byDefault,
                "{\"videoId\":\"video-A\",\"userId\":\"u\",\"playInfo\":false}")).json().has("playInfo"));
        assertEquals(1, byDefault.playInfoCalls.get());
    }

    @Test
    void aViewer_getsPlayInfoToo() {
        TestDeployment d = new TestDeployment(Map.of(), (config, clock) -> login -> login.split("\\.")[1],
                new AllowAllEntitlements());
        d.playStreams.put("video-A", List.of(stream("LD", true, "HLSEncryption", "https://vod.example.com/ld.m3u8")));
        FcResponse r = d.token(FcEventBuilder.post("/token").header("Authorization", "Bearer login.alice.sig")
                .json("{\"videoId\":\"video-A\",\"playInfo\":true}"));
        assertEquals(200, r.statusCode(), r.bodyText());
        assertEquals("alice", r.json().get("userId").getAsString());
        assertTrue(r.json().getAsJsonArray("playInfo").get(0).getAsJsonObject().get("url").getAsString()
                .endsWith("MtsHlsUriToken=" + URLEncoder.encode(r.json().get("token").getAsString(),
                        StandardCharsets.UTF_8)));
    }

    @Test
    void vodsRefusals_are404And409_withoutTheToken() {
        TestDeployment d = new TestDeployment();
        FcResponse missing = d.token(backendToken(d, "{\"videoId\":\"nobody\",\"userId\":\"u\",\"playInfo\":true}"));
        assertError(missing, 404, "VIDEO_NOT_FOUND");
        d.playStreams.put("untranscoded", List.of());
        assertError(d.token(backendToken(d, "{\"videoId\":\"untranscoded\",\"userId\":\"u\",\"playInfo\":true}")),
                409, "VIDEO_NOT_READY");
        d.playStreams.put("plain", List.of(stream("LD", false, null, "https://vod.example.com/ld.m3u8")));
        FcResponse plain = d.token(backendToken(d, "{\"videoId\":\"plain\",\"userId\":\"u\",\"playInfo\":true}"));
        assertError(plain, 409, "NO_ENCRYPTED_STREAM");
        assertEquals(null, plain.header("Retry-After"));
    }

    @Test
    void aPlayInfoThatIsNotABoolean_isRefusedBeforeAnyTokenOrVodCall() {
        TestDeployment d = new TestDeployment();
        assertError(d.token(backendToken(d, "{\"videoId\":\"video-A\",\"userId\":\"u\",\"playInfo\":\"yes\"}")),
                400, "INVALID_PARAMETER");
        assertEquals(0, d.playInfoCalls.get());
    }

    @Test
    void vodsAnswer_isReusedWithinPlayInfoCacheSeconds_andAskedAgainAfter() {
        TestDeployment d = new TestDeployment(Map.of("PLAY_INFO_CACHE_SECONDS", "30"));
        d.playStreams.put("video-A", List.of(stream("LD", true, "HLSEncryption", "https://vod.example.com/ld.m3u8")));
        String ask = "{\"videoId\":\"video-A\",\"userId\":\"u\",\"playInfo\":true}";
        d.token(backendToken(d, ask));
        d.clock.advance(Duration.ofSeconds(29));
        d.token(backendToken(d, ask));
        assertEquals(1, d.playInfoCalls.get());
        d.clock.advance(Duration.ofSeconds(1));
        d.playStreams.put("video-A", List.of(stream("LD", true, "HLSEncryption", "https://vod.example.com/ld-2.m3u8")));
        FcResponse later = d.token(backendToken(d, ask));
        assertEquals(2, d.playInfoCalls.get());
        assertTrue(later.json().getAsJsonArray("playInfo").get(0).getAsJsonObject().get("url").getAsString()
                .startsWith("https://vod.example.com/ld-2.m3u8?MtsHlsUriToken="));
    }

    @Test
    void withThePlaylistFunctionInFront_theUrlsPointAtIt_withTheToken() {
        TestDeployment d = new TestDeployment(Map.of("PLAY_INFO", "true",
                "PLAY_INFO_PLAYLIST_BASE_URL", "https://media.example.com/media"));
        d.playStreams.put("video-A", List.of(stream("LD", true, "HLSEncryption",
                "https://out.example.com/video-A/ab12-ld-encrypt-stream.m3u8?auth_key=1893456000-0-0-f")));
        FcResponse r = d.token(backendToken(d, "{\"videoId\":\"video-A\",\"userId\":\"u\"}"));
        String token = r.json().get("token").getAsString();
        assertEquals("https://media.example.com/media/video-A/ab12-ld-encrypt-stream.m3u8?MtsHlsUriToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8),
                r.json().getAsJsonArray("playInfo").get(0).getAsJsonObject().get("url").getAsString());
    }
}
