package io.github.vodhls.functions;

import com.google.gson.JsonObject;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.LimitExceededException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.HttpResponse;

/** The one place failures become HTTP: status from the error's kind, body {@code {"code", "message"}}. */
public final class ErrorMapper {
    private ErrorMapper() {
    }

    public static int status(ErrorKind kind) {
        switch (kind) {
            case INVALID_REQUEST:
                return 400;
            case UNAUTHENTICATED:
                return 401;
            case FORBIDDEN:
            case TOKEN_REFUSED:
                return 403;
            case NOT_FOUND:
                return 404;
            case METHOD_NOT_ALLOWED:
                return 405;
            case TOO_MANY_REQUESTS:
                return 429;
            case CONFLICT:
                return 409;
            case UNAVAILABLE:
            case IN_PROGRESS:
                return 503;
            case BAD_GATEWAY:
                return 502;
            default:
                return 500;
        }
    }

    /**
     * Maps a deliberate failure. {@code Retry-After} goes with every kind that may succeed later: a limit's own
     * seconds, 1 for a dependency or work in progress. Messages of caller errors (4xx) are shown as they are; for
     * server-side failures (configuration, KMS, store, bugs) the caller gets a fixed sentence, and the details (table
     * names, key lengths, request ids) stay in the function log.
     */
    public static HttpResponse toResponse(VodHlsException e) {
        HttpResponse response = body(status(e.errorCode().kind()), e.errorCode(), publicMessage(e));
        if (e instanceof LimitExceededException) {
            response = response.withHeader("Retry-After",
                    Long.toString(((LimitExceededException) e).retryAfterSeconds()));
        } else if (e.errorCode().kind().retryLater()) {
            response = response.withHeader("Retry-After", "1");
        }
        java.util.Optional<String> challenge = e.errorCode().challenge();
        if (challenge.isPresent()) {
            response = response.withHeader("WWW-Authenticate", challenge.get());
        }
        return response;
    }

    static String publicMessage(VodHlsException e) {
        if (!e.errorCode().kind().serverSide()) {
            return e.getMessage();
        }
        if (e instanceof ConfigurationException) {
            String variables = ((ConfigurationException) e).variable();
            return variables + (variables.contains(", ") ? " are" : " is")
                    + " missing or invalid; the function log has details";
        }
        switch (e.errorCode()) {
            case KMS_THROTTLED:
                return "KMS is throttling requests; retry shortly";
            case KMS_UNAVAILABLE:
                return "KMS is unavailable; retry shortly";
            case STORE_UNAVAILABLE:
                return "the token store is unavailable; retry shortly";
            case ORIGIN_UNAVAILABLE:
                return "the media origin is unavailable; retry shortly";
            case ORIGIN_RESPONSE_INVALID:
                return "the media origin returned something that is not an HLS playlist";
            default:
                return e.errorCode().code().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + "; the function log has details";
        }
    }

    /**
     * Maps anything else: a bug. The caller logs it ({@link #bugSummary}); it is never shown, and never passed off as
     * a configuration or dependency failure.
     */
    public static HttpResponse unexpected() {
        return body(500, ErrorCode.INTERNAL_ERROR, "internal error");
    }

    /**
     * A bug, for the log line that goes with {@link #unexpected()}: its class and top stack frames, never its message
     * (which may quote a payload).
     */
    public static String bugSummary(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(6, trace.length); i++) {
            sb.append(i == 0 ? " at " : " < ").append(trace[i]);
        }
        return sb.toString();
    }

    private static HttpResponse body(int status, ErrorCode code, String message) {
        JsonObject json = new JsonObject();
        json.addProperty("code", code.code());
        json.addProperty("message", message);
        return HttpResponse.json(status, json.toString());
    }
}
