package io.github.vodhls.core.http;

/**
 * One function's HTTP behaviour in core terms. Successes are returned; failures are thrown as
 * {@link io.github.vodhls.core.error.VodHlsException}s and turned into responses by the functions' error mapper,
 * which adds {@link #corsHeaders} so browsers can read the error too.
 */
public interface HttpEndpoint {

    /**
     * @param log where the endpoint notes what the request concerned (video, token) for the request's log line; the
     *     pipeline owns it, so the request itself stays an immutable value
     */
    HttpResponse handle(HttpRequest request, LogFields log);

    /** CORS headers for any response to this request, errors included. */
    java.util.Map<String, String> corsHeaders(HttpRequest request);

    /**
     * Headers for a refusal of this request besides CORS, e.g. how long a browser may reuse it ({@link
     * RefusalCaching}); none by default.
     */
    default java.util.Map<String, String> refusalHeaders(HttpRequest request,
            io.github.vodhls.core.error.VodHlsException refusal) {
        return java.util.Collections.emptyMap();
    }
}
