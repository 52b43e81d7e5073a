package io.github.vodhls.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import io.github.vodhls.core.playlist.MediaPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP origin adapter against a real HTTP server on 127.0.0.1 standing in for OSS. */
class HttpPlaylistOriginTest {
    private HttpServer server;
    private ExecutorService executor;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile byte[] body = "#EXTM3U\n".getBytes(StandardCharsets.UTF_8);
    private volatile long delayMillis;
    private volatile String location;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getRawPath());
            try {
                Thread.sleep(delayMillis);
                if (location != null) {
                    exchange.getResponseHeaders().set("Location", location);
                }
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A generous deadline: only {@link #read_slowOrigin_timesOut} is about time. */
    private HttpPlaylistOrigin origin(int maxBytes) {
        return origin(maxBytes, Duration.ofSeconds(10));
    }

    private HttpPlaylistOrigin origin(int maxBytes, Duration timeout) {
        return new HttpPlaylistOrigin("http://127.0.0.1:" + server.getAddress().getPort() + "/bucket/hls/",
                timeout, maxBytes);
    }

    private static MediaPath path(String file) {
        return MediaPath.parse("/media/", "/media/v1/" + file);
    }

    private DependencyUnavailableException failure(int maxBytes) {
        return assertThrows(DependencyUnavailableException.class, () -> origin(maxBytes).read(path("index.m3u8")));
    }

    private UpstreamResponseInvalidException invalid(int maxBytes) {
        return assertThrows(UpstreamResponseInvalidException.class, () -> origin(maxBytes).read(path("index.m3u8")));
    }

    @Test
    void read_200_isThePlaylistFromBaseSlashVideoSlashFile() {
        body = "#EXTM3U\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.of("#EXTM3U\n#EXT-X-ENDLIST\n"), origin(1024).read(path("sd/index.m3u8")));
        assertEquals(List.of("/bucket/hls/v1/sd/index.m3u8"), requested);
    }

    @Test
    void read_404or410_isEmpty() {
        status = 404;
        body = "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), origin(1024).read(path("index.m3u8")));
        status = 410;
        assertEquals(Optional.empty(), origin(1024).read(path("index.m3u8")));
    }

    @Test
    void read_serverErrorOrForbidden_isOriginUnavailableNamingHostAndStatus() {
        status = 503;
        DependencyUnavailableException e = failure(1024);
        assertEquals(ErrorCode.ORIGIN_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("127.0.0.1/v1/index.m3u8") && e.getMessage().contains("HTTP 503"),
                e.getMessage());
        status = 403;
        body = "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8);
        e = failure(1024);
        assertEquals(ErrorCode.ORIGIN_UNAVAILABLE, e.errorCode());
        assertFalse(e.getMessage().contains("AccessDenied"), "the body is never in the message");
    }

    @Test
    void read_redirect_isNotFollowed() {
        status = 302;
        body = new byte[0];
        location = "http://127.0.0.1:9/elsewhere.m3u8";
        assertEquals(ErrorCode.ORIGIN_UNAVAILABLE, failure(1024).errorCode());
        assertEquals(1, requested.size());
    }

    @Test
    void read_slowOrigin_timesOut() {
        delayMillis = 2_000;
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> origin(1024, Duration.ofMillis(500)).read(path("index.m3u8")));
        assertEquals(ErrorCode.ORIGIN_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("timed out after 500 ms"), e.getMessage());
    }

    @Test
    void read_originDown_isUnavailable() {
        HttpPlaylistOrigin closed = new HttpPlaylistOrigin("http://127.0.0.1:9", Duration.ofMillis(500), 1024);
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> closed.read(path("index.m3u8")));
        assertEquals(ErrorCode.ORIGIN_UNAVAILABLE, e.errorCode());
    }

    @Test
    void read_tooLargeOrNotUtf8_isOriginResponseInvalid() {
        body = new byte[4096];
        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, invalid(1024).errorCode());
        body = new byte[] {'#', 'E', 'X', 'T', 'M', '3', 'U', '\n', (byte) 0xC3, (byte) 0x28};
        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, invalid(1024).errorCode());
    }
}
