package io.github.vodhls.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.functions.FcHttpEvents;
import io.github.vodhls.functions.FcHttpFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves one FC handler over local HTTP as an FC 3.0 HTTP trigger would: each request becomes the request an FC 3.0
 * HTTP event would carry ({@link FcHttpEvents#request}: decoded path and query, lower-case headers, the body), the
 * handler serves it through the functions' one pipeline (handling, error mapping, log line), and its answer becomes
 * the HTTP response. The event's JSON itself is left out both ways: building it here only for the handler to parse
 * it again was a fifth of the local key path's CPU. The JSON is what the deployed package reads, covered by
 * {@code FcHttpEventsTest} and the FC-jar integration tests; {@code FcHttpBridgeTest} checks that the request built
 * here is the one the event would give.
 */
final class FcHttpBridge implements HttpHandler {
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final String functionName;
    private final FcHttpFunction handler;
    private final PrintStream log;

    FcHttpBridge(String functionName, FcHttpFunction handler, PrintStream log) {
        this.functionName = functionName;
        this.handler = handler;
        this.log = log;
    }

    /**
     * One request through the handler. The handler maps its own failures (FC's pipeline); what escapes it (a bug in
     * the handler or here) is answered by the same mapper, 500 {@code INTERNAL_ERROR}, and logged.
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        LocalJson.answer(exchange, functionName, log, ex -> {
            String requestId = requestId();
            HttpResponse response = handler.serve(() -> toRequest(ex),
                    new LocalInvocation(requestId, functionName, log));
            writeResponse(ex, response);
        });
    }

    /** The request an FC 3.0 HTTP trigger's event would carry for a local request. */
    static HttpRequest toRequest(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.put(canonicalHeader(h.getKey()), String.join(",", h.getValue()));
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        return FcHttpEvents.request(exchange.getRequestMethod(), rawPath == null ? "/" : rawPath,
                parseQuery(exchange.getRequestURI().getRawQuery()), headers, body,
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    /**
     * A random request id in the UUID form FC's ids have. Not a secret (it names a request in the log), so from
     * {@link ThreadLocalRandom}: {@link UUID#randomUUID()} draws from one shared {@code SecureRandom}, which request
     * threads queued on under load.
     */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    /** Decoded query parameters, repeated values comma-joined (as FC does). */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s; // nothing to decode (a token never has either): URLDecoder would copy it char by char
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String canonicalHeader(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        int first = in.read();
        if (first == -1) {
            return new byte[0]; // a GET: no 8 KB buffer for every key fetch
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.write(first);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (buffer.size() + n > MAX_BODY_BYTES) {
                throw new IOException("request body too large");
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }

    private static void writeResponse(HttpExchange exchange, HttpResponse response) throws IOException {
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        int status = response.status();
        byte[] body = response.body();
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length == 0 ? -1 : body.length);
        if (!noBody && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
