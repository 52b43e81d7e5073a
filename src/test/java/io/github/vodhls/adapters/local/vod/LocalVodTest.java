package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.core.video.VodCallbackSignature;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalVod against a loopback callback server that checks nothing itself: the test checks what arrived. */
class LocalVodTest {
    private static final String PRIVATE_KEY = "local-callback-key";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dataDir;
    HttpServer server;
    String callbackUrl;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    ExecutorService executor;
    LocalVideos videos;

    static final class Received {
        final String timestamp;
        final String signature;
        final String body;

        Received(String timestamp, String signature, String body) {
            this.timestamp = timestamp;
            this.signature = signature;
            this.body = body;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/callback", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-VOD-TIMESTAMP"),
                    exchange.getRequestHeaders().getFirst("X-VOD-SIGNATURE"),
                    new String(body, StandardCharsets.UTF_8)));
            Integer status = answers.poll();
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        callbackUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
        executor = Executors.newSingleThreadExecutor();
        videos = new LocalVideos(dataDir);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        executor.shutdownNow();
    }

    private LocalVod vod(String url) {
        return new LocalVod(dataDir, videos, url, PRIVATE_KEY, HttpClient.newHttpClient(), executor,
                Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom(), Duration.ofMillis(20));
    }

    @Test
    void upload_storesTheSourceAndPostsASignedFileUploadComplete() throws Exception {
        byte[] source = "fake mp4 bytes".getBytes(StandardCharsets.US_ASCII);

        String videoId = vod(callbackUrl).upload(new ByteArrayInputStream(source), "My Movie.mp4");

        assertTrue(videoId.matches("[0-9a-f]{32}"), videoId);
        Received callback = received.poll(10, TimeUnit.SECONDS);
        assertEquals(Long.toString(NOW.getEpochSecond()), callback.timestamp);
        VodCallbackSignature verifier = new VodCallbackSignature(callbackUrl, PRIVATE_KEY, null,
                Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
        assertDoesNotThrow(() -> verifier.verify(callback.timestamp, callback.signature));
        JsonObject event = JsonParser.parseString(callback.body).getAsJsonObject();
        assertEquals("FileUploadComplete", event.get("EventType").getAsString());
        assertEquals(videoId, event.get("VideoId").getAsString());
        assertEquals("success", event.get("Status").getAsString());
        assertEquals(source.length, event.get("Size").getAsLong());
        assertEquals("2026-01-02T03:04:05Z", event.get("EventTime").getAsString());
        assertTrue(event.get("FileUrl").getAsString().startsWith("file:"), event.toString());
        assertTrue(event.has("Extend"));

        Path stored = vod(callbackUrl).sourceOf(videoId);
        assertEquals(dataDir.resolve("uploads").resolve(videoId).resolve("My_Movie.mp4"), stored);
        assertArrayEquals(source, Files.readAllBytes(stored));
        LocalVideos.Video video = videos.get(videoId).orElseThrow();
        assertEquals(LocalVideos.Status.Uploading, video.status());
        assertEquals("My Movie.mp4", video.title());
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(0, received.size(), "delivered more than once");
    }

    @Test
    void upload_whenCallbackAnswers500Twice_retriesAndSucceedsOnTheThirdAttempt() throws Exception {
        answers.addAll(List.of(500, 500, 200));

        String videoId = vod(callbackUrl).upload(new ByteArrayInputStream(new byte[] {1, 2, 3}), "a.mp4");

        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(3, received.size());
        assertEquals(1, received.stream().map(r -> r.body).distinct().count(), "the same event each time");
        assertEquals(LocalVideos.Status.Uploading, videos.get(videoId).orElseThrow().status());
        assertNull(videos.get(videoId).orElseThrow().reason());
    }

    @Test
    void upload_whenEveryAttemptAnswers500_stopsAfterThreeAndFails() throws Exception {
        answers.addAll(List.of(500, 503, 500, 200));

        String videoId = vod(callbackUrl).upload(new ByteArrayInputStream(new byte[] {1}), "a.mp4");

        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(3, received.size());
        LocalVideos.Video video = videos.get(videoId).orElseThrow();
        assertEquals(LocalVideos.Status.Failed, video.status());
        assertEquals("upload callback failed after 3 attempts: HTTP 500", video.reason());
        assertEquals(LocalVideos.Status.Failed, new LocalVideos(dataDir).get(videoId).orElseThrow().status());
    }

    @Test
    void upload_whenNothingListens_failsAfterThreeAttempts() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        String videoId = vod("http://127.0.0.1:" + closedPort + "/callback")
                .upload(new ByteArrayInputStream(new byte[] {1}), "a.mp4");

        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        LocalVideos.Video video = videos.get(videoId).orElseThrow();
        assertEquals(LocalVideos.Status.Failed, video.status());
        assertTrue(video.reason().startsWith("upload callback failed after 3 attempts: "), video.reason());
    }

    @Test
    void sourceOf_whenIdIsUnknownOrUnsafe_isNull() {
        LocalVod vod = vod(callbackUrl);
        assertNull(vod.sourceOf("0123456789abcdef0123456789abcdef"));
        assertNull(vod.sourceOf("../../etc"));
        assertNull(vod.sourceOf(null));
    }
}
