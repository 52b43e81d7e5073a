package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.functions.FcHttpFunction;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What escapes an FC handler under the local bridge: a bug, answered and logged as the functions do. */
class FcHttpBridgeTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void handle_whenTheHandlerThrows_answers500InternalError_andLogsTheClassNotTheMessage() throws Exception {
        FcHttpFunction broken = new FcHttpFunction(null) {
            @Override
            public void handle(java.io.InputStream in, java.io.OutputStream out,
                    io.github.vodhls.wiring.Invocation invocation) {
                throw new IllegalStateException("payload sk-secret-value");
            }
        };
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/decrypt", new FcHttpBridge("decrypt", broken, log));
        server.start();

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/decrypt")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(500, r.statusCode());
        assertEquals("{\"code\":\"INTERNAL_ERROR\",\"message\":\"internal error\"}", r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        String line = logged.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("[decrypt] ERROR INTERNAL_ERROR: unexpected java.lang.IllegalStateException at "),
                line);
        assertFalse(line.contains("sk-secret-value"), "a bug's message may quote a payload: " + line);
    }
}
