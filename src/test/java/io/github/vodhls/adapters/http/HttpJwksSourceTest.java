package io.github.vodhls.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpJwksSourceTest {
    private final LoopbackJwksServer server = new LoopbackJwksServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private DependencyUnavailableException unavailable(HttpJwksSource source) {
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, source::fetch);
        assertEquals(ErrorCode.LOGIN_KEYS_UNAVAILABLE, e.errorCode());
        return e;
    }

    @Test
    void fetch_whenServerAnswers200_returnsTheDocument() {
        server.serve("{\"keys\":[{\"kty\":\"oct\"}]}");
        assertEquals("{\"keys\":[{\"kty\":\"oct\"}]}", new HttpJwksSource(server.url(), Duration.ofSeconds(2)).fetch());
        assertEquals(1, server.fetches());
    }

    @Test
    void fetch_whenServerAnswersNon200_namesHostAndStatusNeverTheBody() {
        server.answer(500, "internal detail do-not-echo");
        DependencyUnavailableException e = unavailable(new HttpJwksSource(server.url(), Duration.ofSeconds(2)));
        assertEquals("JWKS fetch from 127.0.0.1 answered HTTP 500", e.getMessage());
        assertFalse(e.getMessage().contains("do-not-echo"));
    }

    @Test
    void fetch_whenBodyLargerThanBound_isUnavailable() {
        StringBuilder big = new StringBuilder();
        while (big.length() <= HttpJwksSource.MAX_BODY_BYTES) {
            big.append("{\"keys\":[]}      ");
        }
        server.serve(big.toString());
        DependencyUnavailableException e = unavailable(new HttpJwksSource(server.url(), Duration.ofSeconds(2)));
        assertEquals("JWKS fetch from 127.0.0.1 answered with more than 262144 bytes", e.getMessage());
    }

    @Test
    void fetch_whenServerSlowerThanTimeout_returnsWithinTheTimeout() {
        server.delay(5_000);
        HttpJwksSource source = new HttpJwksSource(server.url(), Duration.ofMillis(300));
        long started = System.nanoTime();
        DependencyUnavailableException e = unavailable(source);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMs < 3_000, "returned after " + elapsedMs + " ms");
        assertEquals("JWKS fetch from 127.0.0.1 timed out after 300 ms", e.getMessage());
    }

    @Test
    void fetch_whenNothingListens_isUnavailable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        DependencyUnavailableException e = unavailable(
                new HttpJwksSource("http://127.0.0.1:" + port + "/jwks", Duration.ofSeconds(2)));
        assertTrue(e.getMessage().startsWith("JWKS fetch from 127.0.0.1 failed: "), e.getMessage());
    }

    @Test
    void create_whenPlainHttpToANonLoopbackHost_isRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new HttpJwksSource("http://login.example.com/jwks", Duration.ofSeconds(2)));
        assertEquals("LOGIN_JWKS_URL", e.variable());
        assertThrows(ConfigurationException.class, () -> new HttpJwksSource("ftp://x/jwks", Duration.ofSeconds(2)));
        new HttpJwksSource("https://login.example.com/.well-known/jwks.json", Duration.ofSeconds(2));
        new HttpJwksSource("http://localhost:8080/jwks", Duration.ofSeconds(2));
    }
}
