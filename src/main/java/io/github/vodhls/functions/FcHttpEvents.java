package io.github.vodhls.functions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.json.ByteOrderMark;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads FC 3.0 HTTP trigger events and writes FC 3.0 HTTP responses.
 *
 * <p>Event: {@code version, rawPath (URL-encoded), body, isBase64Encoded, headers, queryParameters,
 * requestContext{http{method, path, sourceIp, ...}, requestId, ...}}. Response: {@code statusCode, headers,
 * isBase64Encoded, body}; binary bodies (the 16-byte key) go base64 with {@code isBase64Encoded: true}.
 */
public final class FcHttpEvents {
    /** Largest event accepted (FC's own request limit is larger; no route here needs more). */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    private FcHttpEvents() {
    }

    public static HttpRequest read(InputStream in) throws IOException {
        return read(readBounded(in));
    }

    /** The HTTP request of an FC 3.0 HTTP trigger event already read (at most {@value #MAX_EVENT_BYTES} bytes). */
    public static HttpRequest read(byte[] raw) {
        if (ByteOrderMark.leads(raw)) {
            throw malformed();
        }
        JsonObject event;
        try {
            JsonElement parsed = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw malformed();
            }
            event = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw malformed();
        }
        JsonObject context = object(event, "requestContext");
        JsonObject http = context == null ? null : object(context, "http");
        String method = http == null ? null : string(http, "method");
        if (method == null) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_BODY,
                    "the event is not an FC 3.0 HTTP trigger event (requestContext.http.method missing)");
        }
        String rawPath = string(event, "rawPath");
        String path = rawPath != null ? percentDecodePath(rawPath) : http == null ? "/" : string(http, "path");
        byte[] body = new byte[0];
        String bodyText = string(event, "body");
        if (bodyText != null) {
            boolean base64 = event.has("isBase64Encoded") && event.get("isBase64Encoded").isJsonPrimitive()
                    && event.get("isBase64Encoded").getAsBoolean();
            try {
                body = base64 ? Base64.getDecoder().decode(bodyText) : bodyText.getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(ErrorCode.MALFORMED_BODY, "the event body is not valid base64");
            }
        }
        return new HttpRequest(method, path, stringMap(event, "queryParameters"), stringMap(event, "headers"), body,
                http == null ? null : string(http, "sourceIp"));
    }

    /**
     * The request an FC 3.0 HTTP trigger would deliver for an HTTP request received some other way (the local stack's
     * front end), read as {@link #read(byte[])} reads its event: the raw path percent-decoded (a malformed escape is a
     * 400), the query already decoded with repeated values comma-joined, header names lower case with repeated values
     * comma-joined. A body whose base64 form alone is larger than {@value #MAX_EVENT_BYTES} bytes is refused as its
     * event would be ({@code MALFORMED_BODY}); bodies near that size are compared without the event's other fields.
     */
    public static HttpRequest request(String method, String rawPath, Map<String, String> query,
            Map<String, String> headers, byte[] body, String sourceIp) {
        if (4L * ((body.length + 2) / 3) > MAX_EVENT_BYTES) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_BODY,
                    "the request body is larger than an event of " + MAX_EVENT_BYTES + " bytes holds");
        }
        return new HttpRequest(method, percentDecodePath(rawPath), query, headers, body, sourceIp);
    }

    /** Whether raw event bytes are an FC 3.0 HTTP trigger event (rather than, say, an MNS queue trigger's). */
    public static boolean isHttpEvent(byte[] raw) {
        if (ByteOrderMark.leads(raw)) {
            return false;
        }
        try {
            JsonElement parsed = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                return false;
            }
            JsonObject context = object(parsed.getAsJsonObject(), "requestContext");
            JsonObject http = context == null ? null : object(context, "http");
            return http != null && string(http, "method") != null;
        } catch (JsonParseException | IllegalStateException e) {
            return false;
        }
    }

    public static void write(HttpResponse response, OutputStream out) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("statusCode", response.status());
        JsonObject headers = new JsonObject();
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.addProperty(h.getKey(), h.getValue());
        }
        json.add("headers", headers);
        json.addProperty("isBase64Encoded", response.isBinary());
        json.addProperty("body", response.isBinary() ? Base64.getEncoder().encodeToString(response.body())
                : response.bodyText());
        out.write(json.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static InvalidRequestException malformed() {
        return new InvalidRequestException(ErrorCode.MALFORMED_BODY, "the event is not valid JSON");
    }

    static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (buffer.size() + n > MAX_EVENT_BYTES) {
                throw new InvalidRequestException(ErrorCode.MALFORMED_BODY,
                        "the event is larger than " + MAX_EVENT_BYTES + " bytes");
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }

    private static JsonObject object(JsonObject parent, String name) {
        JsonElement e = parent.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    private static String string(JsonObject parent, String name) {
        JsonElement e = parent.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static Map<String, String> stringMap(JsonObject parent, String name) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonObject object = object(parent, name);
        if (object != null) {
            for (Map.Entry<String, JsonElement> e : object.entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    map.put(e.getKey(), e.getValue().getAsString());
                }
            }
        }
        return map;
    }

    /** Percent-decodes a path (a {@code +} stays a plus in paths); malformed escapes are a 400. */
    static String percentDecodePath(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "malformed escape in path");
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "malformed escape in path");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
