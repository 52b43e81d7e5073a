package io.github.vodhls.functions;

import com.google.gson.JsonObject;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
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
                return 403;
            case NOT_FOUND:
                return 404;
            case METHOD_NOT_ALLOWED:
                return 405;
            case UNAVAILABLE:
                return 503;
            default:
                return 500;
        }
    }

    /** Maps a deliberate failure; its message is safe to show. */
    public static HttpResponse toResponse(VodHlsException e) {
        HttpResponse response = body(status(e.errorCode().kind()), e.errorCode(), e.getMessage());
        if (e.errorCode().kind() == ErrorKind.UNAVAILABLE) {
            response = response.withHeader("Retry-After", "1");
        }
        if (e.errorCode().kind() == ErrorKind.UNAUTHENTICATED && e.errorCode().name().startsWith("API_KEY")) {
            response = response.withHeader("WWW-Authenticate", "Bearer");
        }
        return response;
    }

    /** Maps anything else: a bug. The cause is logged by the caller, never shown. */
    public static HttpResponse unexpected() {
        return body(500, ErrorCode.INTERNAL_ERROR, "internal error");
    }

    private static HttpResponse body(int status, ErrorCode code, String message) {
        JsonObject json = new JsonObject();
        json.addProperty("code", code.code());
        json.addProperty("message", message);
        return HttpResponse.json(status, json.toString());
    }
}
