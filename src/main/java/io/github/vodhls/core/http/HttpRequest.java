package io.github.vodhls.core.http;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A neutral HTTP request: what core needs of an FC 3.0 HTTP event (or of any other HTTP front end). */
public final class HttpRequest {
    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String sourceIp;

    /**
     * @param path the decoded request path
     * @param query decoded query parameters (repeated values comma-joined, as FC does)
     * @param headers header names in any case; looked up case-insensitively
     */
    public HttpRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
            byte[] body, String sourceIp) {
        this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        this.path = path == null || path.isEmpty() ? "/" : path;
        this.query = query == null ? Collections.emptyMap() : Collections.unmodifiableMap(query);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? new byte[0] : body;
        this.sourceIp = sourceIp;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The last non-empty path segment ("" for the root): lets a function be mounted under any prefix. */
    public String lastPathSegment() {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    public Map<String, String> query() {
        return query;
    }

    public String queryParameter(String name) {
        return query.get(name);
    }

    public String header(String name) {
        return headers.get(name);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String sourceIp() {
        return sourceIp;
    }

    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + path + "]";
    }
}
