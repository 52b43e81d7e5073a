package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.functions.FcHttpEvents;
import io.github.vodhls.functions.FcHttpFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            public io.github.vodhls.core.http.HttpResponse serve(RequestSource request,
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

    @Test
    void toRequest_isTheRequestAnFcEventOfTheSameHttpRequestGives() throws Exception {
        List<String[]> seen = new ArrayList<>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.setStreams(new ByteArrayInputStream(body), null);
            io.github.vodhls.core.http.HttpRequest direct = FcHttpBridge.toRequest(exchange);
            io.github.vodhls.core.http.HttpRequest viaEvent = FcHttpEvents.read(fcEvent(exchange, body));
            seen.add(new String[] {describe(direct), describe(viaEvent)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClient client = HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create(base
                + "/decrypt?Ciphertext=a%2Bb%3D%3D&MtsHlsUriToken=x.y.z&twice=1&twice=2&empty=&bare&sp=a+b%20c"))
                .header("X-Repeated", "one").header("X-Repeated", "two").header("Authorization", "Bearer k")
                .build(), HttpResponse.BodyHandlers.discarding());
        client.send(HttpRequest.newBuilder(URI.create(base + "/media/a%20b/c%2Fd.m3u8"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        client.send(HttpRequest.newBuilder(URI.create(base + "/token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"videoId\":\"v\u00e9\"}")).build(),
                HttpResponse.BodyHandlers.discarding());

        assertEquals(3, seen.size());
        for (String[] pair : seen) {
            assertEquals(pair[1], pair[0]);
        }
        assertTrue(seen.get(0)[0].contains("query={Ciphertext=a+b==, MtsHlsUriToken=x.y.z, twice=1,2, empty=, "
                + "bare=, sp=a b c}"), seen.get(0)[0]);
        assertTrue(seen.get(0)[0].contains("x-repeated=one,two"), seen.get(0)[0]);
        assertTrue(seen.get(1)[0].startsWith("HEAD /media/a b/c/d.m3u8 "), seen.get(1)[0]);
        assertTrue(seen.get(2)[0].endsWith("body=" + Base64.getEncoder().encodeToString(
                "{\"videoId\":\"v\u00e9\"}".getBytes(StandardCharsets.UTF_8)) + " from 127.0.0.1"), seen.get(2)[0]);
    }

    @Test
    void requestId_isARandomVersion4Uuid() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = FcHttpBridge.requestId();
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertEquals(uuid.toString(), id);
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }

    private static String describe(io.github.vodhls.core.http.HttpRequest request) {
        return request.method() + " " + request.path() + " query=" + request.query() + " headers="
                + new java.util.TreeMap<>(request.headers()) + " body="
                + Base64.getEncoder().encodeToString(request.body()) + " from " + request.sourceIp();
    }

    /**
     * The FC 3.0 HTTP trigger event for a request, in the shape FC documents (version, rawPath, base64 body,
     * lower-case headers with repeated values comma-joined, decoded query parameters, requestContext.http): what
     * the local stack built for every request before it handed the pipeline the request itself.
     */
    private static byte[] fcEvent(HttpExchange exchange, byte[] body) {
        JsonObject event = new JsonObject();
        event.addProperty("version", "v1");
        event.addProperty("rawPath", exchange.getRequestURI().getRawPath());
        event.addProperty("body", Base64.getEncoder().encodeToString(body));
        event.addProperty("isBase64Encoded", true);
        JsonObject headers = new JsonObject();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.addProperty(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
        }
        event.add("headers", headers);
        JsonObject query = new JsonObject();
        for (Map.Entry<String, String> q : FcHttpBridge.parseQuery(exchange.getRequestURI().getRawQuery()).entrySet()) {
            query.addProperty(q.getKey(), q.getValue());
        }
        event.add("queryParameters", query);
        JsonObject http = new JsonObject();
        http.addProperty("method", exchange.getRequestMethod());
        http.addProperty("path", exchange.getRequestURI().getPath());
        http.addProperty("protocol", exchange.getProtocol());
        http.addProperty("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        JsonObject context = new JsonObject();
        context.addProperty("accountId", "local");
        context.addProperty("requestId", "test");
        context.add("http", http);
        event.add("requestContext", context);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
