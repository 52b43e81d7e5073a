package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smoke} against the real local stack (every step passes, with and without a played video), against wrong
 * settings and a stopped stack (it fails naming the step), and against a stand-in deployment that gets the key
 * response or the signature check wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeCommandTest {
    private static final String API_KEY = "smoke-test-api-key";

    @TempDir
    static Path dataDir;
    private LocalStack stack;
    private String videoId;

    @BeforeAll
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, API_KEY, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertNull(stack.ffmpegProblem(), "ffmpeg must run here (CI installs libpulse0 for the bundled one)");
        videoId = stack.uploadDemo(4);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (stack.videos().get(videoId).orElseThrow().status() != LocalVideos.Status.Normal) {
            assertTrue(System.nanoTime() < deadline, "demo video not playable in time");
            assertFalse(stack.videos().get(videoId).orElseThrow().status() == LocalVideos.Status.Failed);
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private static final class Run {
        final int exit;
        final List<String> lines;
        final String text;

        Run(int exit, String text) {
            this.exit = exit;
            this.text = text;
            this.lines = Arrays.asList(text.split("\\R"));
        }
    }

    private static Run smoke(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "smoke";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = new Main(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all);
        return new Run(exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void againstTheLocalStack_everyStepPasses_andNoTokenIsPrinted() {
        Run run = smoke("--token-url", stack.baseUrl(), "--api-key", API_KEY);
        assertEquals(0, run.exit, run.text);
        assertEquals(6, run.lines.size(), run.text);
        assertTrue(run.lines.get(0).matches("ok   keys: video smoke-[0-9a-f]+, data key generated, key URI "
                + "http://127\\.0\\.0\\.1:\\d+/decrypt"), run.lines.get(0));
        assertTrue(run.lines.get(1).startsWith("ok   token: token "), run.lines.get(1));
        assertEquals("ok   key fetch: HTTP 200, 16 bytes, Cache-Control: private, max-age=300", run.lines.get(2));
        assertEquals("ok   forged token: refused, HTTP 403 (TOKEN_BAD_SIGNATURE)", run.lines.get(3));
        assertTrue(run.lines.get(4).startsWith("ok   revoke: token "), run.lines.get(4));
        assertEquals("ok   revoked: refused, HTTP 403 (TOKEN_REVOKED)", run.lines.get(5));
        assertFalse(run.text.contains("eyJ"), "no token in the output");
    }

    @Test
    void withAPlaylistUrl_alsoVerifiesPlayback() {
        String playUrl = stack.baseUrl() + "/media/" + videoId + "/index.m3u8";
        Run run = smoke("--token-url", stack.baseUrl(), "--api-key", API_KEY, "--video-id", videoId,
                "--playlist-url", playUrl);
        assertEquals(0, run.exit, run.text);
        assertTrue(run.lines.get(0).startsWith("ok   keys: video " + videoId + ", data key already registered"),
                run.lines.get(0));
        assertTrue(run.text.contains("ok   key URI: "), run.text);
        assertTrue(run.lines.get(run.lines.size() - 1).matches("ok   segment: \\d+ bytes decrypt to MPEG-TS"),
                run.text);
        assertFalse(run.text.contains("eyJ"), "no token in the output");
    }

    @Test
    void withAWrongApiKey_failsAtTheFirstStep_sayingWhy() {
        Run run = smoke("--token-url", stack.baseUrl(), "--api-key", "not-the-key");
        assertEquals(1, run.exit);
        assertEquals(List.of("FAIL keys: POST /keys answered HTTP 401 (API_KEY_INVALID): is the API key one whose "
                + "SHA-256 is in API_KEY_SHA256?"), run.lines);
    }

    @Test
    void againstAStoppedStack_failsSayingItCannotReachIt() throws Exception {
        String url;
        try (LocalStack stopped = LocalStack.start(0, dataDir.resolve("stopped"), API_KEY, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            url = stopped.baseUrl();
        }
        Run run = smoke("--token-url", url, "--api-key", API_KEY);
        assertEquals(1, run.exit);
        assertTrue(run.text.startsWith("FAIL keys: cannot reach the function (ConnectException"), run.text);
    }

    @Test
    void playlistUrlWithoutVideoId_isAUsageError() {
        Run run = smoke("--token-url", stack.baseUrl(), "--api-key", API_KEY, "--playlist-url", "http://x/y.m3u8");
        assertEquals(2, run.exit);
        assertTrue(run.text.startsWith("error: --playlist-url needs --video-id"), run.text);
    }

    /** A deployment stand-in: the token function's routes answer, the key route as {@code keyAnswer} says. */
    private static HttpServer standIn(boolean cachePrivate, boolean checksSignature) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzbW9rZSJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlMTIzNDU";
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            byte[] body;
            int status = 200;
            if (path.equals("/keys")) {
                body = ("{\"decryptKeyUri\":\"" + base + "/decrypt?Ciphertext=AAAA\",\"created\":true}").getBytes();
            } else if (path.equals("/token")) {
                body = ("{\"token\":\"" + token + "\",\"tokenId\":\"t1\",\"maxUses\":20,\"expiresAt\":\"x\"}")
                        .getBytes();
            } else if (path.equals("/revoke")) {
                body = "{}".getBytes();
            } else if (!checksSignature || query.endsWith("MtsHlsUriToken=" + token)) {
                body = new byte[16];
                exchange.getResponseHeaders().set("Cache-Control", cachePrivate ? "private, max-age=300" : "max-age=300");
            } else {
                status = 403;
                body = "{\"code\":\"TOKEN_BAD_SIGNATURE\"}".getBytes();
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aKeyResponseWithoutPrivateCaching_fails() throws Exception {
        HttpServer server = standIn(false, true);
        try {
            Run run = smoke("--token-url", "http://127.0.0.1:" + server.getAddress().getPort(), "--api-key", "k");
            assertEquals(1, run.exit);
            assertEquals("FAIL key fetch: 16 bytes, but Cache-Control is 'max-age=300', expected private",
                    run.lines.get(run.lines.size() - 1));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDecryptFunctionThatAcceptsAForgedToken_fails() throws Exception {
        HttpServer server = standIn(true, false);
        try {
            Run run = smoke("--token-url", "http://127.0.0.1:" + server.getAddress().getPort(), "--api-key", "k");
            assertEquals(1, run.exit);
            assertTrue(run.lines.get(run.lines.size() - 1).startsWith("FAIL forged token: a token with an altered "
                    + "signature got HTTP 200, expected 403"), run.text);
        } finally {
            server.stop(0);
        }
    }
}
