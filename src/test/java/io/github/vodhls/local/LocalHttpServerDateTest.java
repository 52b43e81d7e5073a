package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vodhls.testing.MutableClock;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code Date} of every answer is the server's clock at the time the answer is sent. A browser adds
 * {@code now - Date} to a cached response's age: a date minutes old (Undertow's JVM-wide cached date string, left
 * uncleared) made the 60 s cached refusals of LongPlaybackBrowserTest stale on arrival, so a stuck player's retries
 * all reached the decrypt function.
 */
class LocalHttpServerDateTest {
    private static final byte[] REFUSAL = "{\"code\":\"TOKEN_REVOKED\",\"message\":\"token was revoked\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T03:43:34Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalHttpServer server;

    @BeforeEach
    void start() throws Exception {
        LocalHttpServer.Routes routes = new LocalHttpServer.Routes().route("/decrypt", exchange -> {
            exchange.getResponseHeaders().set("Cache-Control", "private, max-age=60");
            exchange.sendResponseHeaders(403, REFUSAL.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(REFUSAL);
            }
        });
        server = LocalHttpServer.start(0, routes, LocalHttpSettings.defaults(), clock,
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRoutesAnswer_isDatedByTheClockWhenSent_evenMinutesAfterTheFirstAnswer() throws Exception {
        assertEquals("Mon, 30 Nov 2026 03:43:34 GMT", date(get("/decrypt")));
        clock.advance(Duration.ofMinutes(5));
        assertEquals("Mon, 30 Nov 2026 03:48:34 GMT", date(get("/decrypt")));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("Mon, 30 Nov 2026 03:48:35 GMT", date(get("/decrypt")));
    }

    @Test
    void theServersOwnAnswer_isDatedByTheClockWhenSent() throws Exception {
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> unrouted = get("/no-route-yet");
        assertEquals(503, unrouted.statusCode(), unrouted.body());
        assertEquals("Mon, 30 Nov 2026 03:48:34 GMT", date(unrouted));
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String date(HttpResponse<String> response) {
        return String.join(" | ", response.headers().allValues("Date"));
    }
}
