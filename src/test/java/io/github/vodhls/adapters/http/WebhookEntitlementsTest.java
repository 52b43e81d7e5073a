package io.github.vodhls.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook against a real loopback HTTP server: answers, retries, timeouts, and failing closed. */
class WebhookEntitlementsTest {
    private static final String SECRET = "s3cr3t-Bearer-Value";
    private static final Duration TIMEOUT = Duration.ofMillis(2000);

    /** What the server does on the n-th request (1-based). */
    private interface Reply {
        void send(HttpExchange exchange, int attempt) throws IOException, InterruptedException;
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastContentType = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastMethod = new AtomicReference<>();
    private volatile Reply reply;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/entitlements", exchange -> {
            try {
                int attempt = requests.incrementAndGet();
                lastMethod.set(exchange.getRequestMethod());
                lastContentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
                lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reply.send(exchange, attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.stop(0);
        serverThreads.shutdownNow();
        assertTrue(serverThreads.awaitTermination(5, TimeUnit.SECONDS), "server threads did not stop");
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/entitlements");
    }

    private WebhookEntitlements webhook(Duration timeout, int retries) {
        return new WebhookEntitlements(url(), SECRET, timeout, retries);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Reply always(int status, String body) {
        return (exchange, attempt) -> respond(exchange, status, body);
    }

    private static DependencyUnavailableException assertUnavailable(WebhookEntitlements webhook) {
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> webhook.mayWatch("user-1", "video-1"));
        assertEquals(ErrorCode.ENTITLEMENT_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
            assertFalse(t.toString().contains(SECRET), t.toString());
        }
        return e;
    }

    @Test
    void mayWatch_whenBackendSaysYes_isTrueAndSendsTheSpecifiedRequest() {
        reply = always(200, "{\"allowed\": true}");

        assertTrue(webhook(TIMEOUT, 1).mayWatch("user-1", "video-1"));

        assertEquals(1, requests.get());
        assertEquals("POST", lastMethod.get());
        assertEquals("application/json", lastContentType.get());
        assertEquals("Bearer " + SECRET, lastAuthorization.get());
        assertEquals("{\"userId\":\"user-1\",\"videoId\":\"video-1\"}", lastBody.get());
    }

    @Test
    void mayWatch_whenNoSecretConfigured_sendsNoAuthorization() {
        reply = always(200, "{\"allowed\": true}");

        assertTrue(new WebhookEntitlements(url(), null, TIMEOUT, 0).mayWatch("u", "v"));

        assertNull(lastAuthorization.get());
    }

    @Test
    void mayWatch_whenIdsNeedEscaping_sendsValidJson() {
        reply = always(200, "{\"allowed\": true}");

        webhook(TIMEOUT, 0).mayWatch("a\"b<c>", "v\\1");

        assertEquals("{\"userId\":\"a\\\"b<c>\",\"videoId\":\"v\\\\1\"}", lastBody.get());
    }

    @Test
    void mayWatch_whenBackendSaysNo_isFalse() {
        reply = always(200, "{\"allowed\": false}");

        assertFalse(webhook(TIMEOUT, 1).mayWatch("user-1", "video-1"));
        assertEquals(1, requests.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 404})
    void mayWatch_whenBackendAnswersForbiddenOrNotFound_isFalseWithoutRetry(int status) {
        reply = always(status, "");

        assertFalse(webhook(TIMEOUT, 3).mayWatch("user-1", "video-1"));
        assertEquals(1, requests.get());
    }

    @Test
    void mayWatch_whenFirstAttemptFailsWith500_retriesAndIsTrue() {
        reply = (exchange, attempt) -> respond(exchange, attempt == 1 ? 500 : 200, "{\"allowed\": true}");

        assertTrue(webhook(TIMEOUT, 1).mayWatch("user-1", "video-1"));
        assertEquals(2, requests.get());
    }

    @Test
    void mayWatch_whenThrottledOnce_retriesAndIsFalse() {
        reply = (exchange, attempt) -> respond(exchange, attempt == 1 ? 429 : 200, "{\"allowed\": false}");

        assertFalse(webhook(TIMEOUT, 1).mayWatch("user-1", "video-1"));
        assertEquals(2, requests.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void mayWatch_whenBackendAlwaysFails_isUnavailableAfterOnePlusRetriesAttempts(int retries) {
        reply = always(500, "{\"allowed\": true}");

        DependencyUnavailableException e = assertUnavailable(webhook(TIMEOUT, retries));

        assertEquals(1 + retries, requests.get());
        int attempts = 1 + retries;
        assertEquals("entitlement webhook at 127.0.0.1:" + server.getAddress().getPort() + " answered HTTP 500 ("
                + attempts + (attempts == 1 ? " attempt)" : " attempts)"), e.getMessage());
    }

    @Test
    void mayWatch_whenNothingListens_isUnavailable() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        WebhookEntitlements webhook = new WebhookEntitlements(
                URI.create("http://127.0.0.1:" + port + "/entitlements"), SECRET, TIMEOUT, 1);

        DependencyUnavailableException e = assertUnavailable(webhook);

        assertTrue(e.getMessage().contains("could not be reached") && e.getMessage().contains("2 attempts"),
                e.getMessage());
    }

    @Test
    void mayWatch_whenBackendIsSlow_honoursTheTimeout() {
        reply = (exchange, attempt) -> {
            Thread.sleep(5000);
            respond(exchange, 200, "{\"allowed\": true}");
        };
        WebhookEntitlements webhook = webhook(Duration.ofMillis(300), 0);

        long start = System.nanoTime();
        DependencyUnavailableException e = assertUnavailable(webhook);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tookMillis < 3000, "took " + tookMillis + " ms");
        assertTrue(e.getMessage().contains("timed out after 300 ms (1 attempt)"), e.getMessage());
    }

    @Test
    void mayWatch_whenBackendIsSlowThenAnswers_retriesAfterTheTimeout() {
        reply = (exchange, attempt) -> {
            if (attempt == 1) {
                Thread.sleep(5000);
            }
            respond(exchange, 200, "{\"allowed\": true}");
        };

        assertTrue(webhook(Duration.ofMillis(300), 1).mayWatch("user-1", "video-1"));
        assertEquals(2, requests.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>oops</html>", "", "[]", "true", "{\"allowed\": \"true\"}", "{\"allowed\": 1}",
            "{\"ok\": true}", "{\"allowed\": null}", "{'allowed': true}", "{\"allowed\": true} trailing"})
    void mayWatch_whenBodyIsNotTheExpectedJson_isUnavailableWithoutRetry(String body) {
        reply = always(200, body);

        DependencyUnavailableException e = assertUnavailable(webhook(TIMEOUT, 3));

        assertEquals(1, requests.get());
        assertTrue(e.getMessage().contains("HTTP 200"), e.getMessage());
        if (!body.isEmpty()) {
            assertFalse(e.getMessage().contains(body), e.getMessage());
        }
    }

    @Test
    void mayWatch_whenBodyExceedsTheLimit_isUnavailable() {
        StringBuilder big = new StringBuilder("{\"allowed\": true, \"pad\": \"");
        while (big.length() <= WebhookEntitlements.MAX_BODY_BYTES) {
            big.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        big.append("\"}");
        reply = always(200, big.toString());

        DependencyUnavailableException e = assertUnavailable(webhook(TIMEOUT, 1));

        assertTrue(e.getMessage().contains("over 65536 bytes"), e.getMessage());
        assertEquals(1, requests.get());
    }

    @Test
    void mayWatch_whenBodyIsJustUnderTheLimit_isRead() {
        StringBuilder padded = new StringBuilder("{\"allowed\": false, \"pad\": \"");
        while (padded.length() < WebhookEntitlements.MAX_BODY_BYTES - 2) {
            padded.append('x');
        }
        padded.append("\"}");
        reply = always(200, padded.toString());

        assertFalse(webhook(TIMEOUT, 0).mayWatch("user-1", "video-1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 302, 400, 401})
    void mayWatch_whenStatusIsUnexpected_isUnavailableWithoutRetry(int status) {
        reply = (exchange, attempt) -> {
            if (status == 302) {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/elsewhere");
            }
            respond(exchange, status, status == 204 ? "" : "{\"allowed\": true}");
        };

        DependencyUnavailableException e = assertUnavailable(webhook(TIMEOUT, 3));

        assertTrue(e.getMessage().contains("answered HTTP " + status + " (1 attempt)"), e.getMessage());
        assertEquals(1, requests.get());
    }

    @Test
    void toString_neverShowsTheSecret() {
        String text = webhook(TIMEOUT, 1).toString();

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("127.0.0.1"), text);
    }

    @Test
    void constructor_whenValuesAreOutOfRange_refusesWithoutEchoingTheSecret() {
        assertThrows(IllegalArgumentException.class, () -> webhook(TIMEOUT, 4));
        assertThrows(IllegalArgumentException.class, () -> webhook(TIMEOUT, -1));
        assertThrows(IllegalArgumentException.class, () -> webhook(Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new WebhookEntitlements(URI.create("ftp://example.com/x"), null, TIMEOUT, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebhookEntitlements(url(), "bad secret\r\nX: y", TIMEOUT, 0));
        assertFalse(e.getMessage().contains("bad secret"), e.getMessage());
    }

    /** A webhook answer that would loop Gson's reader forever (see ByteOrderMark) is no answer. */
    @Test
    void mayWatch_whenTheAnswerWouldHangTheJsonParser_isUnavailable() {
        reply = always(200, "\uFEFF\uFEFF" + "t".repeat(1023));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertUnavailable(webhook(TIMEOUT, 0)));
    }
}
