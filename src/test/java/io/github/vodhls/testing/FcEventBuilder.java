package io.github.vodhls.testing;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds FC 3.0 HTTP trigger events as the runtime delivers them on the handler's input stream, in the spirit of
 * serverless-java-container's {@code AwsProxyRequestBuilder}:
 * {@code version, rawPath, body, isBase64Encoded, headers, queryParameters, requestContext{accountId, domainName,
 * http{method, path, protocol, sourceIp, userAgent}, requestId, time (ISO-8601 UTC), timeEpoch, domainPrefix}}.
 */
public final class FcEventBuilder {
    private String method;
    private String path;
    private String rawPath;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String body;
    private boolean base64;
    private boolean withRequestContext = true;
    private String sourceIp = "203.0.113.7";
    private long timeEpoch = 1714550400000L;

    private FcEventBuilder(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static FcEventBuilder request(String method, String path) {
        return new FcEventBuilder(method, path);
    }

    public static FcEventBuilder get(String path) {
        return request("GET", path);
    }

    public static FcEventBuilder post(String path) {
        return request("POST", path);
    }

    /** Sets {@code rawPath} verbatim (already URL-encoded); by default it is the path, percent-encoded per segment. */
    public FcEventBuilder rawPath(String encoded) {
        this.rawPath = encoded;
        return this;
    }

    public FcEventBuilder method(String value) {
        this.method = value;
        return this;
    }

    public FcEventBuilder header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public FcEventBuilder bearer(String apiKey) {
        return header("Authorization", "Bearer " + apiKey);
    }

    public FcEventBuilder origin(String origin) {
        return header("Origin", origin);
    }

    /** A decoded query parameter, as FC puts it in {@code queryParameters}. */
    public FcEventBuilder query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** A text body, sent as is ({@code isBase64Encoded: false}). */
    public FcEventBuilder body(String text) {
        this.body = text;
        this.base64 = false;
        return this;
    }

    /** A JSON body with a JSON content type. */
    public FcEventBuilder json(String json) {
        header("Content-Type", "application/json");
        return body(json);
    }

    /** A body sent base64-encoded ({@code isBase64Encoded: true}), as FC does for binary content. */
    public FcEventBuilder base64Body(byte[] bytes) {
        this.body = Base64.getEncoder().encodeToString(bytes);
        this.base64 = true;
        return this;
    }

    /** A body string sent with {@code isBase64Encoded: true} verbatim (e.g. to send invalid base64). */
    public FcEventBuilder rawBase64Body(String text) {
        this.body = text;
        this.base64 = true;
        return this;
    }

    public FcEventBuilder sourceIp(String ip) {
        this.sourceIp = ip;
        return this;
    }

    /** Leaves {@code requestContext} out: what a non-HTTP trigger or a hand-made event looks like. */
    public FcEventBuilder withoutRequestContext() {
        this.withRequestContext = false;
        return this;
    }

    public JsonObject buildJson() {
        JsonObject event = new JsonObject();
        event.addProperty("version", "v1");
        event.addProperty("rawPath", rawPath != null ? rawPath : encodePath(path));
        if (body != null) {
            event.addProperty("body", body);
        }
        event.addProperty("isBase64Encoded", base64);
        event.add("headers", toJson(headers));
        event.add("queryParameters", toJson(query));
        if (withRequestContext) {
            JsonObject http = new JsonObject();
            http.addProperty("method", method);
            http.addProperty("path", path);
            http.addProperty("protocol", "HTTP/1.1");
            http.addProperty("sourceIp", sourceIp);
            http.addProperty("userAgent", headers.getOrDefault("User-Agent", "test-agent/1.0"));
            JsonObject context = new JsonObject();
            context.addProperty("accountId", "1234567890123456");
            context.addProperty("domainName", "test-fn.cn-shanghai.fcapp.run");
            context.addProperty("domainPrefix", "test-fn");
            context.add("http", http);
            context.addProperty("requestId", "1-6630f800-00000000000000000000test");
            context.addProperty("time", java.time.Instant.ofEpochMilli(timeEpoch).truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS).toString());
            context.addProperty("timeEpoch", String.valueOf(timeEpoch));
            event.add("requestContext", context);
        }
        return event;
    }

    public String build() {
        return buildJson().toString();
    }

    public InputStream toStream() {
        return new ByteArrayInputStream(build().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject toJson(Map<String, String> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::addProperty);
        return o;
    }

    private static String encodePath(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20");
        }
        return String.join("/", segments);
    }
}
