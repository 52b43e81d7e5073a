package io.github.vodhls.core.http;

import io.github.vodhls.core.error.MethodNotAllowedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CORS for browser players (hls.js fetches keys with XHR). Access is controlled by the token, not by cookies, so
 * {@code *} is safe; a list of origins echoes only matching ones.
 */
public final class Cors {
    private final List<String> allowedOrigins;
    private final boolean any;

    public Cors(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.any = allowedOrigins.contains("*");
    }

    /** Headers to add to an actual response for this request (empty when the origin is not allowed). */
    public Map<String, String> responseHeaders(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        String origin = request.header("Origin");
        if (any) {
            headers.put("Access-Control-Allow-Origin", "*");
        } else if (origin != null && allowedOrigins.contains(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Vary", "Origin");
        }
        return headers;
    }

    /** The answer to an OPTIONS preflight: 204 with the allowed methods and headers, or 403 for other origins. */
    public HttpResponse preflight(HttpRequest request, String methods) {
        Map<String, String> headers = responseHeaders(request);
        if (headers.isEmpty()) {
            return HttpResponse.empty(403).withHeader("Vary", "Origin");
        }
        headers.put("Access-Control-Allow-Methods", methods);
        headers.put("Access-Control-Allow-Headers", "Authorization, Content-Type, Range");
        headers.put("Access-Control-Max-Age", "600");
        return HttpResponse.empty(204).withHeaders(headers);
    }

    /**
     * For endpoints players read from (key, playlist): the preflight answer for {@code OPTIONS}, null for
     * {@code GET} and {@code HEAD} (handle them), a 405 for anything else.
     *
     * @param what names the resource in the 405 message, e.g. "the key URI"
     */
    public HttpResponse readOnly(HttpRequest request, String what) {
        String method = request.method();
        if (method.equals("OPTIONS")) {
            return preflight(request, "GET, HEAD, OPTIONS");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new MethodNotAllowedException(what + " accepts GET, HEAD and OPTIONS");
        }
        return null;
    }
}
