package io.github.vodhls.functions;

import io.github.vodhls.core.calls.Dependency;
import io.github.vodhls.core.calls.RemoteCalls;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.LogFields;
import io.github.vodhls.core.json.JsonLine;
import io.github.vodhls.wiring.Invocation;

/**
 * The one line each invocation logs: a JSON object that Simple Log Service can query field by field.
 *
 * <pre>{"function":"decrypt","requestId":"1-66...","method":"GET","path":"/decrypt","status":403,
 * "code":"TOKEN_USES_EXHAUSTED","latencyMs":12,"storeCalls":2,"storeRoundTrips":1,"kmsCalls":0,"vodCalls":0,
 * "videoId":"v1","tokenId":"t1","message":"..."}</pre>
 *
 * {@code code} is {@code OK} or the error's code; {@code videoId} and {@code tokenId} appear when the endpoint
 * learned them ({@link LogFields}); {@code message} only on failures (the exception's message, which never quotes a
 * token, key or signature) and on answers the endpoint gave despite a failure it handled ({@link LogFields#problem},
 * e.g. a job VOD has but the registry could not record), which are then logged at ERROR level. The query string
 * and headers are never logged (they carry tokens, ciphertexts and API keys), and the path is cut to
 * {@value #MAX_PATH} characters, shorter than any token, so a token pasted into a path cannot appear whole. Written
 * through FC's logger (which prefixes time, request id and level), or stdout.
 */
final class RequestLogLine {
    static final int MAX_PATH = 128;
    /** Dependencies whose calls field appears only when there were calls. */
    private static final Dependency[] OPTIONAL_CALLS = {Dependency.ORIGIN, Dependency.ENTITLEMENT};

    private final String function;
    private final String requestId;
    private int status;
    private String code;
    private String message;
    private boolean error;
    private final RemoteCalls calls;

    /**
     * @param function the logical function name, e.g. {@code decrypt}
     * @param calls the invocation's calls to its dependencies, counted while it runs
     */
    RequestLogLine(String function, Invocation context, RemoteCalls calls) {
        this.function = function;
        this.requestId = context == null ? null : context.requestId();
        this.calls = calls;
    }

    /** The outcome: the response status and {@code OK} or the error code. */
    RequestLogLine outcome(int status, String code) {
        this.status = status;
        this.code = code;
        return this;
    }

    /** What went wrong, for failures; {@code error} marks server-side faults (logged at ERROR level). */
    RequestLogLine failure(String message, boolean error) {
        this.message = message;
        this.error = error;
        return this;
    }

    /**
     * Writes the line: the request's method and path (null when the event could not be read or was no HTTP request)
     * and what the endpoint noted for it ({@code fields}, null when nothing was served).
     */
    void write(Invocation context, HttpRequest request, LogFields fields, long latencyMs) {
        JsonLine json = new JsonLine().put("function", function).put("requestId", requestId);
        if (request != null) {
            String path = request.path();
            json.put("method", request.method()).put("path", path.length() > MAX_PATH ? path.substring(0, MAX_PATH)
                    : path);
        }
        json.put("status", status).put("code", code).put("latencyMs", latencyMs);
        putCalls(json);
        String problem = fields == null ? null : fields.problem();
        if (fields != null) {
            json.put("videoId", fields.videoId()).put("tokenId", fields.tokenId());
            if (fields.tokenUrisWithheld() > 0) {
                json.put("tokenUrisWithheld", fields.tokenUrisWithheld());
            }
        }
        json.put("message", problem == null ? message : message == null ? problem : message + "; " + problem);
        Invocation.log(context, json.toString(), error || problem != null);
    }

    /**
     * The calls the invocation made: {@code storeCalls}, {@code storeRoundTrips} (those made one after another),
     * {@code kmsCalls} and {@code vodCalls} always; {@code originCalls} and {@code entitlementCalls} when there were
     * any.
     */
    private void putCalls(JsonLine json) {
        json.put(Dependency.STORE.callsField(), calls.calls(Dependency.STORE))
                .put("storeRoundTrips", calls.roundTrips(Dependency.STORE))
                .put(Dependency.KMS.callsField(), calls.calls(Dependency.KMS))
                .put(Dependency.VOD.callsField(), calls.calls(Dependency.VOD));
        for (Dependency optional : OPTIONAL_CALLS) {
            if (calls.calls(optional) > 0) {
                json.put(optional.callsField(), calls.calls(optional));
            }
        }
    }
}
