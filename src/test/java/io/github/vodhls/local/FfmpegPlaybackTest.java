package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.vod.Ffmpeg;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ffmpeg as the HLS player, against the real local stack over loopback: the playlist through the playlist function
 * with a token, the key through the decrypt function, the encrypted segments from the origin. ffmpeg has to decode
 * every frame of the demo video; without a usable token it cannot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FfmpegPlaybackTest {
    private static final int SECONDS = 4;
    private static final int FPS = 24;

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;
    private Path ffmpeg;
    private String videoId;
    private String otherVideoId;

    @BeforeAll
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, null, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertNull(stack.ffmpegProblem(), "ffmpeg must run here (CI installs libpulse0 for the bundled one)");
        ffmpeg = Ffmpeg.locate(System.getenv("PATH"));
        videoId = stack.uploadDemo(SECONDS);
        waitUntilNormal(videoId);
        // a second video with a key of its own: its tokens must open nothing of the first
        otherVideoId = "other-video";
        assertEquals(200, post("/keys", "{\"videoId\":\"" + otherVideoId + "\"}").statusCode());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void ffmpeg_playsTheVideoThroughThePlaylistAndDecryptFunctions_decodingEveryFrame() throws Exception {
        JsonObject issued = token(videoId);
        Played played = play(issued.get("playUrl").getAsString());

        assertEquals(0, played.exit, played.stderr);
        assertEquals("", played.stderr.trim(), "ffmpeg reported errors while decoding");
        assertEquals(SECONDS * FPS, played.videoFrames, "every video frame decoded");
        assertTrue(played.audioFrames > 0, "audio decoded too");
    }

    /**
     * The play URL as the token function's play info gives it (the local VOD's answer to GetPlayInfo, with the
     * token appended), asked as the demo page and the {@code token --play-info} command ask: ffmpeg plays it.
     */
    @Test
    void ffmpeg_playsThePlayInfoUrl_thatTheTokenCommandPrints() throws Exception {
        HttpResponse<String> r = post("/token", "{\"videoId\":\"" + videoId + "\",\"userId\":\"viewer-1\","
                + "\"playInfo\":true}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject issued = JsonParser.parseString(r.body()).getAsJsonObject();
        com.google.gson.JsonArray streams = issued.getAsJsonArray("playInfo");
        assertEquals(1, streams.size(), r.body());
        String url = streams.get(0).getAsJsonObject().get("url").getAsString();
        assertEquals(stack.baseUrl() + "/media/" + videoId + "/index.m3u8?MtsHlsUriToken="
                + issued.get("token").getAsString(), url);

        Played played = play(url);
        assertEquals(0, played.exit, played.stderr);
        assertEquals(SECONDS * FPS, played.videoFrames, "every video frame decoded");

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = new Main(Map.of("LOCAL_API_KEY", stack.apiKey()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"token", "--video", videoId,
                    "--user", "alice", "--server", stack.baseUrl(), "--play-info"});
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String token = out.toString(StandardCharsets.UTF_8).trim();
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("play URL (OD): " + stack.baseUrl() + "/media/"
                + videoId + "/index.m3u8?MtsHlsUriToken=" + token), err.toString(StandardCharsets.UTF_8));

        HttpResponse<String> unknown = post("/token", "{\"videoId\":\"" + otherVideoId + "\",\"userId\":\"v\","
                + "\"playInfo\":true}");
        assertEquals(404, unknown.statusCode(), "a video registered with /keys only is no local VOD video");
        assertTrue(unknown.body().contains("VIDEO_NOT_FOUND"), unknown.body());
    }

    @Test
    void ffmpeg_withoutToken_isRefusedThePlaylist() throws Exception {
        assertRefused(stack.baseUrl() + "/media/" + videoId + "/index.m3u8", "403");
    }

    @Test
    void ffmpeg_withForgedToken_isRefusedThePlaylist() throws Exception {
        String token = token(videoId).get("token").getAsString();
        int signature = token.lastIndexOf('.') + 1;
        String forged = token.substring(0, signature) + (token.charAt(signature) == 'A' ? "B" : "A")
                + token.substring(signature + 1);
        assertRefused(stack.baseUrl() + "/media/" + videoId + "/index.m3u8?MtsHlsUriToken=" + forged, "403");
    }

    @Test
    void ffmpeg_withTokenForAnotherVideo_isRefusedThePlaylist() throws Exception {
        String other = token(otherVideoId).get("token").getAsString();
        assertRefused(stack.baseUrl() + "/media/" + videoId + "/index.m3u8?MtsHlsUriToken=" + other, "403");
    }

    private void assertRefused(String url, String status) throws Exception {
        Played played = play(url);
        assertNotEquals(0, played.exit);
        assertEquals(0, played.videoFrames);
        assertTrue(played.stderr.contains(status), played.stderr);
    }

    /**
     * The playlist a player would get for video A, but with another video's token on the key URI (as if the token
     * had been swapped): the decrypt function refuses the key, and not one frame of the video comes out. (ffmpeg
     * then "decrypts" with a zero key; the garbage is at times probed as some odd format with a stream or a frame
     * of its own, so the check is that no decoded frame is one of the video's, by checksum.)
     */
    @Test
    void ffmpeg_withAnotherVideosTokenOnTheKeyUri_cannotDecrypt() throws Exception {
        JsonObject mine = token(videoId);
        String playUrl = mine.get("playUrl").getAsString();
        String playlist = get(playUrl);
        String myToken = mine.get("token").getAsString();
        String otherToken = token(otherVideoId).get("token").getAsString();
        String swapped = playlist.replace("MtsHlsUriToken=" + myToken, "MtsHlsUriToken=" + otherToken)
                .replaceAll("(?m)^(seg_\\d+\\.ts)$", stack.baseUrl() + "/media/" + videoId + "/$1");
        assertTrue(swapped.contains(otherToken) && !swapped.contains(myToken), swapped);
        Path file = dataDir.resolve("swapped.m3u8");
        Files.writeString(file, swapped);

        Played played = play(file.toString(), "-protocol_whitelist", "file,http,tcp,crypto");
        Played real = play(playUrl);

        assertTrue(played.stderr.contains("Unable to open key file"), played.stderr);
        assertEquals(SECONDS * FPS, real.videoFrames, real.stderr);
        java.util.Set<String> leaked = new java.util.HashSet<>(played.frameChecksums);
        leaked.retainAll(real.frameChecksums);
        assertEquals(java.util.Set.of(), leaked, "no frame of the video decodes without its key");
        assertTrue(played.videoFrames < real.videoFrames, "not the video: " + played.videoFrames + " frames");
    }

    private static final class Played {
        final int exit;
        final String stderr;
        final int videoFrames;
        final int audioFrames;
        /** The checksums of every decoded frame, video and audio. */
        final java.util.Set<String> frameChecksums;

        Played(int exit, String stderr, int videoFrames, int audioFrames, java.util.Set<String> frameChecksums) {
            this.exit = exit;
            this.stderr = stderr;
            this.videoFrames = videoFrames;
            this.audioFrames = audioFrames;
            this.frameChecksums = frameChecksums;
        }
    }

    /**
     * Runs ffmpeg as a player: decode everything, one framecrc line per decoded frame on stdout; the
     * {@code #media_type N: video} headers say which stream is which.
     */
    private Played play(String input, String... inputOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-v", "error",
                "-rw_timeout", "10000000"));
        command.addAll(List.of(inputOptions));
        command.addAll(List.of("-i", input, "-map", "0:v?", "-map", "0:a?", "-f", "framecrc", "-"));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish in 2 minutes");
        }
        Map<String, String> mediaTypes = new java.util.HashMap<>();
        java.util.Set<String> checksums = new java.util.HashSet<>();
        int video = 0;
        int audio = 0;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("#media_type ")) {
                String[] parts = line.substring("#media_type ".length()).split(":\\s*");
                mediaTypes.put(parts[0].trim(), parts[1].trim());
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                String[] fields = line.split(",\\s*");
                String type = mediaTypes.getOrDefault(fields[0], "");
                video += type.equals("video") ? 1 : 0;
                audio += type.equals("audio") ? 1 : 0;
                checksums.add(fields[fields.length - 1]);
            }
        }
        return new Played(process.exitValue(), stderr.get(10, TimeUnit.SECONDS), video, audio, checksums);
    }

    private static String read(InputStream in) {
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonObject token(String video) throws Exception {
        HttpResponse<String> r = post("/token", "{\"videoId\":\"" + video + "\",\"userId\":\"viewer-1\"}");
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey())
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private void waitUntilNormal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            LocalVideos.Video video = stack.videos().get(id).orElseThrow();
            if (video.status() == LocalVideos.Status.Normal) {
                return;
            }
            if (video.status() == LocalVideos.Status.Failed) {
                throw new AssertionError("demo video failed: " + video.reason());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("video " + id + " still not playable after 3 minutes");
    }
}
