package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.adapters.local.vod.LocalVod;
import java.io.ByteArrayOutputStream;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local VOD emulation's routes when ffmpeg cannot run, and the origin's path checks. */
class LocalMediaTest {
    @TempDir
    Path dataDir;

    private HttpServer server;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String start(String transcoderProblem) throws Exception {
        LocalVideos videos = new LocalVideos(dataDir);
        LocalVod vod = new LocalVod(dataDir, videos, "http://127.0.0.1:9/callback", "key", http, Runnable::run,
                Clock.systemUTC(), new SecureRandom(), Duration.ofMillis(1));
        LocalMedia media = new LocalMedia(vod, videos, dataDir.resolve("media"), transcoderProblem, log);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/upload", media.upload());
        server.createContext("/media/", media.origin());
        server.createContext("/videos", media.videos());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void upload_whenFfmpegCannotRun_isRefusedWithTheReason_andNothingIsStored() throws Exception {
        String base = start("ffmpeg cannot run on this machine (no libpulse.so.0)");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/upload?name=a.mp4"))
                .POST(HttpRequest.BodyPublishers.ofString("bytes")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode());
        JsonObject json = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("TRANSCODER_UNAVAILABLE", json.get("code").getAsString());
        assertTrue(json.get("message").getAsString().contains("libpulse"), r.body());
        assertTrue(!Files.exists(dataDir.resolve("uploads")), "no upload stored");
    }

    /** A raw HTTP/1.1 POST, so that Host and Origin are exactly what an attacker's browser would send. */
    private static String rawUpload(String base, String host, String origin) throws Exception {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            String request = "POST /upload?name=a.mp4 HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "Content-Length: 5\r\nConnection: close\r\n\r\nbytes";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void upload_fromAnotherSiteOrARebindingName_isRefused_beforeAnythingIsStored() throws Exception {
        String base = start("ffmpeg cannot run on this machine (no libpulse.so.0)");
        String own = URI.create(base).getAuthority();
        for (String[] attack : new String[][] {{"attacker.example", null}, {own, "https://attacker.example"},
                {own, "null"}, {"attacker.example:" + URI.create(base).getPort(), "http://attacker.example"},
                {own, "http://localhost:1"}}) {
            String answer = rawUpload(base, attack[0], attack[1]);
            assertTrue(answer.startsWith("HTTP/1.1 403"), String.join(" ", attack[0], String.valueOf(attack[1]))
                    + " -> " + answer);
            assertTrue(answer.contains("UPLOAD_FORBIDDEN"), answer);
        }
        // the stack's own page, and a command-line client without Origin, get through to the transcoder check
        assertTrue(rawUpload(base, own, "http://" + own).startsWith("HTTP/1.1 503"));
        assertTrue(rawUpload(base, own, null).startsWith("HTTP/1.1 503"));
        assertTrue(!Files.exists(dataDir.resolve("uploads")), "no upload stored");
    }

    @Test
    void upload_whenTheSourceCannotBeStored_isInternalError_andTheBugIsLogged() throws Exception {
        String base = start(null);
        Files.writeString(dataDir.resolve("uploads"), "a file where the uploads directory should be");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/upload?name=a.mp4"))
                .POST(HttpRequest.BodyPublishers.ofString("bytes")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, r.statusCode(), "not the caller's fault: no 400");
        assertEquals("{\"code\":\"INTERNAL_ERROR\",\"message\":\"internal error\"}", r.body());
        String line = logged.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("[upload] ERROR INTERNAL_ERROR: unexpected java.io.UncheckedIOException at "), line);
    }

    @Test
    void wrongMethodAndUnknownVideo_areAnsweredByTheFunctionsMapper() throws Exception {
        String base = start(null);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/upload")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("{\"code\":\"METHOD_NOT_ALLOWED\",\"message\":\"POST the file as the body\"}", get.body());
        assertEquals("no-store", get.headers().firstValue("Cache-Control").orElse(null));
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/videos/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("{\"code\":\"NOT_FOUND\",\"message\":\"no such video\"}", missing.body());
        assertEquals("", logged.toString(StandardCharsets.UTF_8), "caller mistakes are not logged as errors");
    }

    @Test
    void origin_servesOnlySegmentsInsideTheMediaRoot() throws Exception {
        String base = start(null);
        Path video = Files.createDirectories(dataDir.resolve("media").resolve("v1"));
        Files.writeString(video.resolve("index.m3u8"), "#EXTM3U\n");
        Files.writeString(video.resolve("seg_000.ts"), "G-segment");
        Files.writeString(dataDir.resolve("api-key"), "secret");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/media/v1/seg_000.ts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("video/mp2t", ok.headers().firstValue("Content-Type").orElse(""));
        assertEquals("G-segment", ok.body());
        for (String path : new String[] {"/media/v1/../../api-key", "/media/v1/%2e%2e%2fapi-key", "/media/..%2fapi-key",
            "/media/v1/index.txt", "/media/v1/missing.ts", "/media/v1/index.m3u8"}) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, refused.statusCode(), path);
            assertTrue(!refused.body().contains("secret"), path);
        }
    }
}
