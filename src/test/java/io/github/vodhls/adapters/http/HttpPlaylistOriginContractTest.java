package io.github.vodhls.adapters.http;

import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import io.github.vodhls.core.playlist.PlaylistOriginContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link HttpPlaylistOrigin} against a loopback HTTP server standing in for an OSS bucket: files under
 * {@code /bucket/hls/} are the root, anything else is a 404; a path out of the root is a redirect to a file the
 * server holds outside the base path.
 */
class HttpPlaylistOriginContractTest extends PlaylistOriginContract {
    private static final String BASE_PATH = "/bucket/hls/";

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.createContext("/", exchange -> {
            try {
                String path = exchange.getRequestURI().getRawPath();
                String location = redirects.get(path);
                byte[] body = files.get(path);
                if (location != null) {
                    exchange.getResponseHeaders().set("Location", location);
                    exchange.sendResponseHeaders(302, -1);
                } else if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/vnd.apple.mpegurl");
                    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
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

    private String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    protected PlaylistOrigin origin(int maxBytes) {
        return new HttpPlaylistOrigin(serverUrl() + BASE_PATH, Duration.ofSeconds(5), maxBytes);
    }

    @Override
    protected void put(String relative, byte[] content) {
        files.put(BASE_PATH + relative, content);
    }

    @Override
    protected void putOutsideTheRootReachableAs(String relative, byte[] content) {
        files.put("/outside/secret.m3u8", content);
        redirects.put(BASE_PATH + relative, serverUrl() + "/outside/secret.m3u8");
    }

    /** Redirects are not followed: the origin cannot know where one leads, so it answers unavailable. */
    @Override
    protected ErrorCode outOfRootFailure() {
        return ErrorCode.ORIGIN_UNAVAILABLE;
    }

    /** An origin on a loopback port nothing listens on: the connection is refused. */
    @Override
    protected PlaylistOrigin unreadableOrigin(int maxBytes) {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HttpPlaylistOrigin("http://127.0.0.1:" + port + BASE_PATH, Duration.ofSeconds(5), maxBytes);
    }
}
