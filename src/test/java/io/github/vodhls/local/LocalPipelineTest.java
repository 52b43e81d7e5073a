package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local VOD emulation end to end over loopback: upload → signed FileUploadComplete to /callback → data key →
 * ffmpeg writes AES-128 HLS → every segment, decrypted with the key the decrypt function serves for a token, is
 * intact MPEG-TS.
 */
class LocalPipelineTest {
    private static final Pattern KEY = Pattern.compile("#EXT-X-KEY:METHOD=AES-128,URI=\"([^\"]+)\"(?:,IV=0x([0-9A-Fa-f]{32}))?");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, null, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertNull(stack.ffmpegProblem(), "ffmpeg must run here (CI installs libpulse0 for the bundled one)");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private LocalVideos.Video waitUntilDone(String videoId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            LocalVideos.Video video = stack.videos().get(videoId).orElseThrow();
            if (video.status() == LocalVideos.Status.Normal || video.status() == LocalVideos.Status.Failed) {
                return video;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("video " + videoId + " still not done after 3 minutes");
    }

    @Test
    void upload_isEncryptedAndEverySegmentDecryptsToMpegTs_withTheKeyServedForAToken() throws Exception {
        String videoId = stack.uploadDemo(4);
        LocalVideos.Video done = waitUntilDone(videoId);
        assertEquals(LocalVideos.Status.Normal, done.status(), String.valueOf(done.reason()));

        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/token"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"videoId\":\"" + videoId + "\",\"userId\":\"u\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        JsonObject issued = JsonParser.parseString(token.body()).getAsJsonObject();
        String playUrl = issued.get("playUrl").getAsString();
        assertEquals(stack.baseUrl() + "/media/" + videoId + "/index.m3u8?MtsHlsUriToken="
                + issued.get("token").getAsString(), playUrl);

        // The playlist comes through the playlist function, which puts the token on the key URI.
        String playlist = new String(get(playUrl).body(), StandardCharsets.UTF_8);
        Matcher key = KEY.matcher(playlist);
        assertTrue(key.find(), playlist);
        String keyUri = key.group(1);
        assertTrue(keyUri.startsWith(stack.baseUrl() + "/decrypt?Ciphertext="), keyUri);
        assertTrue(keyUri.endsWith("&MtsHlsUriToken=" + issued.get("token").getAsString()), keyUri);
        assertEquals(403, get(stack.baseUrl() + "/media/" + videoId + "/index.m3u8").statusCode(),
                "no playlist without a token");
        List<String> segments = new ArrayList<>();
        int mediaSequence = 0;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Integer.parseInt(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()).trim());
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                segments.add(line.trim());
            }
        }
        assertTrue(segments.size() >= 2, "several segments: " + segments);

        HttpResponse<byte[]> keyResponse = get(keyUri);
        assertEquals(200, keyResponse.statusCode());
        byte[] aesKey = keyResponse.body();
        assertEquals(16, aesKey.length);

        for (int i = 0; i < segments.size(); i++) {
            byte[] encrypted = get(stack.baseUrl() + "/media/" + videoId + "/" + segments.get(i)).body();
            assertFalse(PlaylistVerifier.looksLikeTs(encrypted), segments.get(i) + " is readable without the key");
            byte[] iv = key.group(2) != null ? PlaylistVerifier.hexIv(key.group(2))
                    : PlaylistVerifier.sequenceIv(mediaSequence + i);
            assertTrue(PlaylistVerifier.looksLikeTs(PlaylistVerifier.decrypt(aesKey, iv, encrypted)),
                    segments.get(i) + " does not decrypt to MPEG-TS");
        }

        HttpResponse<byte[]> withoutToken = get(keyUri.substring(0, keyUri.indexOf("&MtsHlsUriToken=")));
        assertEquals(400, withoutToken.statusCode());
    }

    @Test
    void upload_overHttp_isAccepted_andStatusIsReported() throws Exception {
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                + "/upload?name=clip.mp4")).POST(HttpRequest.BodyPublishers.ofString("not a video")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, upload.statusCode(), upload.body());
        String videoId = JsonParser.parseString(upload.body()).getAsJsonObject().get("videoId").getAsString();
        assertTrue(videoId.matches("[0-9a-f]{32}"), videoId);
        LocalVideos.Video done = waitUntilDone(videoId);
        assertEquals(LocalVideos.Status.Failed, done.status(), "garbage is not a video");
        JsonObject status = JsonParser.parseString(new String(get(stack.baseUrl() + "/videos/" + videoId).body(),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("Failed", status.get("status").getAsString());
        assertTrue(status.get("reason").getAsString().startsWith("ffmpeg exit"), status.toString());
        assertEquals(404, get(stack.baseUrl() + "/videos/0000").statusCode());
        assertEquals(404, get(stack.baseUrl() + "/media/" + videoId + "/..%2F..%2Fapi-key").statusCode());
    }
}
