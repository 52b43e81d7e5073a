package io.github.vodhls.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A neutral HTTP response; binary bodies are written base64-encoded in FC 3.0 responses. */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final boolean binary;

    private HttpResponse(int status, Map<String, String> headers, byte[] body, boolean binary) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
        this.binary = binary;
    }

    public static HttpResponse json(int status, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        return new HttpResponse(status, headers, json.getBytes(StandardCharsets.UTF_8), false);
    }

    public static HttpResponse binary(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new HttpResponse(status, headers, body.clone(), true);
    }

    /** A UTF-8 text body, written as plain text (not base64) in FC responses. */
    public static HttpResponse text(int status, String contentType, String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new HttpResponse(status, headers, text.getBytes(StandardCharsets.UTF_8), false);
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, new LinkedHashMap<>(), new byte[0], false);
    }

    /** A copy with one header set (replacing any of the same name). */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body, binary);
    }

    /** A copy with several headers set. */
    public HttpResponse withHeaders(Map<String, String> extra) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(extra);
        return new HttpResponse(status, copy, body, binary);
    }

    /** A copy without a body (for HEAD), headers kept. */
    public HttpResponse withoutBody() {
        return new HttpResponse(status, new LinkedHashMap<>(headers), new byte[0], binary);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isBinary() {
        return binary;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + ", " + body.length + " bytes" + (binary ? " binary" : "") + "]";
    }
}
