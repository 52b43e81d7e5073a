package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify PLAYLIST_URL} against the real local stack, and against a stand-in origin that gets things wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyCommandTest {
    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;
    private String videoId;
    private HttpServer stub;
    private final Map<String, byte[]> stubFiles = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, null, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertNull(stack.ffmpegProblem(), "ffmpeg must run here (CI installs libpulse0 for the bundled one)");
        videoId = stack.uploadDemo(4);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (stack.videos().get(videoId).orElseThrow().status() != LocalVideos.Status.Normal) {
            assertTrue(System.nanoTime() < deadline, "demo video not playable in time");
            assertFalse(stack.videos().get(videoId).orElseThrow().status() == LocalVideos.Status.Failed);
            Thread.sleep(100);
        }
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            byte[] body = stubFiles.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        stub.start();
    }

    @AfterAll
    void stop() {
        stub.stop(0);
        stack.close();
    }

    private static final class Run {
        final int exit;
        final List<String> lines;

        Run(int exit, String out) {
            this.exit = exit;
            this.lines = List.of(out.split("\n"));
        }

        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    private Run verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "verify";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = new Main(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all);
        return new Run(exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private JsonObject token(Integer maxUses) throws Exception {
        String uses = maxUses == null ? "" : ",\"maxUses\":" + maxUses;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/token"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"videoId\":\"" + videoId + "\",\"userId\":\"v\"" + uses
                        + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private String stubUrl(String path) {
        return "http://127.0.0.1:" + stub.getAddress().getPort() + path;
    }

    /** The origin's raw playlist with absolute segment URLs (served by the stand-in as if by a CDN). */
    private String rawPlaylist() throws IOException {
        return Files.readString(dataDir.resolve("media").resolve(videoId).resolve("index.m3u8"))
                .replaceAll("(?m)^(seg_\\d+\\.ts)$", stack.baseUrl() + "/media/" + videoId + "/$1");
    }

    @Test
    void verify_playUrlOfTheLocalStack_passesEveryCheck() throws Exception {
        String playUrl = token(null).get("playUrl").getAsString();
        Run run = verify(playUrl, "--key-uri", stack.baseUrl() + "/decrypt?");
        assertEquals(0, run.exit, run.lines.toString());
        assertEquals(5, run.lines.size(), run.lines.toString());
        String[] checks = {"playlist", "encrypted", "key URI", "key fetch", "segment"};
        for (int i = 0; i < checks.length; i++) {
            assertTrue(run.lines.get(i).startsWith("ok   " + checks[i] + ": "), run.lines.get(i));
        }
        String token = token(null).get("token").getAsString();
        assertFalse(String.join("\n", run.lines).contains(token.substring(20)), "the token is not printed whole");
    }

    @Test
    void verify_withoutToken_failsAtThePlaylistWithTheCode() {
        Run run = verify(stack.baseUrl() + "/media/" + videoId + "/index.m3u8");
        assertEquals(1, run.exit);
        assertEquals(1, run.lines.size(), run.lines.toString());
        assertTrue(run.last().startsWith("FAIL playlist: HTTP 403 (TOKEN_REQUIRED)"), run.last());
    }

    @Test
    void verify_whenTheTokenHasNoKeyFetchLeft_failsAtTheKeyFetch() throws Exception {
        String playUrl = token(1).get("playUrl").getAsString();
        assertEquals(0, verify(playUrl).exit);
        Run again = verify(playUrl);
        assertEquals(1, again.exit);
        assertEquals("FAIL key fetch: HTTP 403 (TOKEN_USES_EXHAUSTED)", again.last());
    }

    @Test
    void verify_keyUriOfAnotherService_failsAtTheKeyUri() throws Exception {
        Run run = verify(token(null).get("playUrl").getAsString(), "--key-uri", "https://key.example.com/decrypt");
        assertEquals(1, run.exit);
        assertTrue(run.last().startsWith("FAIL key URI: points at " + stack.baseUrl() + "/decrypt?"), run.last());
        assertTrue(run.last().endsWith("not at https://key.example.com/decrypt"), run.last());
    }

    @Test
    void verify_playlistNotRewritten_failsBecauseTheKeyUriCarriesNoToken() throws Exception {
        stubFiles.put("/raw.m3u8", rawPlaylist().getBytes(StandardCharsets.UTF_8));
        Run run = verify(stubUrl("/raw.m3u8"));
        assertEquals(1, run.exit);
        assertTrue(run.last().startsWith("FAIL key URI: carries no MtsHlsUriToken"), run.last());
    }

    @Test
    void verify_unencryptedPlaylist_failsAtEncrypted() {
        stubFiles.put("/plain.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg.ts\n#EXT-X-ENDLIST\n"
                .getBytes(StandardCharsets.UTF_8));
        Run run = verify(stubUrl("/plain.m3u8"));
        assertEquals(1, run.exit);
        assertTrue(run.last().startsWith("FAIL encrypted: no #EXT-X-KEY tag"), run.last());
    }

    @Test
    void verify_keyServiceHandingOutTheWrongKey_failsAtTheSegment() throws Exception {
        stubFiles.put("/decrypt", new byte[16]);
        stubFiles.put("/wrong-key.m3u8", rawPlaylist().replaceAll("URI=\"[^\"]*\"",
                "URI=\"" + stubUrl("/decrypt") + "?Ciphertext=QUJD&MtsHlsUriToken=abc\"")
                .getBytes(StandardCharsets.UTF_8));
        Run run = verify(stubUrl("/wrong-key.m3u8"));
        assertEquals(1, run.exit);
        assertTrue(run.lines.get(3).startsWith("ok   key fetch"), run.lines.toString());
        assertTrue(run.last().startsWith("FAIL segment: "), run.last());
    }

    @Test
    void verify_serverNotRunning_failsWithAHint() {
        Run run = verify("http://127.0.0.1:9/media/v/index.m3u8?MtsHlsUriToken=x");
        assertEquals(1, run.exit);
        assertTrue(run.last().startsWith("FAIL playlist: ") && run.last().endsWith("(is the server running?)"),
                run.last());
    }

    @Test
    void verify_withoutUrl_isAUsageError() {
        assertEquals(2, verify().exit);
    }
}
