package io.github.vodhls.local;

import io.github.vodhls.functions.FcHttpFunction;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Serves one FC handler over local HTTP exactly as an FC 3.0 HTTP trigger would: each request becomes an FC 3.0
 * event JSON on the handler's input stream, and the handler's response JSON becomes the HTTP response.
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
            String requestId = UUID.randomUUID().toString();
            byte[] event = toEvent(ex, requestId);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handle(new ByteArrayInputStream(event), out, new LocalInvocation(requestId, functionName, log));
            writeResponse(ex, out.toByteArray());
        });
    }

    /** The FC 3.0 HTTP trigger event for a local request. */
    static byte[] toEvent(HttpExchange exchange, String requestId) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        JsonObject event = new JsonObject();
        event.addProperty("version", "v1");
        event.addProperty("rawPath", exchange.getRequestURI().getRawPath());
        event.addProperty("body", Base64.getEncoder().encodeToString(body));
        event.addProperty("isBase64Encoded", true);
        JsonObject headers = new JsonObject();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.addProperty(canonicalHeader(h.getKey()), String.join(",", h.getValue()));
        }
        event.add("headers", headers);
        JsonObject query = new JsonObject();
        for (Map.Entry<String, String> q : parseQuery(exchange.getRequestURI().getRawQuery()).entrySet()) {
            query.addProperty(q.getKey(), q.getValue());
        }
        event.add("queryParameters", query);
        JsonObject http = new JsonObject();
        http.addProperty("method", exchange.getRequestMethod());
        http.addProperty("path", exchange.getRequestURI().getPath());
        http.addProperty("protocol", exchange.getProtocol());
        http.addProperty("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        http.addProperty("userAgent", userAgent == null ? "" : userAgent);
        JsonObject context = new JsonObject();
        context.addProperty("accountId", "local");
        context.addProperty("domainName", "127.0.0.1");
        context.addProperty("domainPrefix", "127");
        context.addProperty("requestId", requestId);
        Instant now = Instant.now();
        // FC 3.0 writes ISO-8601 UTC, e.g. 2023-09-05T06:41:11Z
        context.addProperty("time", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        context.addProperty("timeEpoch", String.valueOf(now.toEpochMilli()));
        context.add("http", http);
        event.add("requestContext", context);
        return event.toString().getBytes(StandardCharsets.UTF_8);
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
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
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

    private static void writeResponse(HttpExchange exchange, byte[] fcResponse) throws IOException {
        JsonObject response = JsonParser.parseString(new String(fcResponse, StandardCharsets.UTF_8))
                .getAsJsonObject();
        int status = response.get("statusCode").getAsInt();
        JsonElement headers = response.get("headers");
        if (headers != null && headers.isJsonObject()) {
            for (Map.Entry<String, JsonElement> h : headers.getAsJsonObject().entrySet()) {
                exchange.getResponseHeaders().set(h.getKey(), h.getValue().getAsString());
            }
        }
        String bodyText = response.has("body") && !response.get("body").isJsonNull()
                ? response.get("body").getAsString() : "";
        boolean base64 = response.has("isBase64Encoded") && response.get("isBase64Encoded").getAsBoolean();
        byte[] body = base64 ? Base64.getDecoder().decode(bodyText) : bodyText.getBytes(StandardCharsets.UTF_8);
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length == 0 ? -1 : body.length);
        if (!noBody && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
