package io.github.vodhls.core.http;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.VodHlsException;
import java.util.Collections;
import java.util.Map;

/**
 * How long a browser may answer a repeat of a refused GET itself. A player stuck on a refused key or playlist
 * (video.js VHS asks for the key of every segment) retries the same URL, token included, over and over; with
 * {@code Cache-Control: private, max-age=N} on the refusal, its HTTP cache answers those retries and the function is
 * invoked (and billed) about once per {@code N} seconds instead. The URL carries the token, so a refreshed token is a
 * new URL that no cached refusal answers.
 *
 * <p>Only refusals that a retry of the same URL cannot turn around are cached: caller errors (400, 401, 403, 404),
 * never a dependency's failure (503, which says {@code Retry-After}), a bug, or {@code TOKEN_NOT_YET_VALID} (a clock
 * a little behind: the same URL works seconds later).
 */
public final class RefusalCaching {
    private final int maxAgeSeconds;

    /** @param maxAgeSeconds how long a refusal may be reused; 0: never (refusals say {@code no-store}) */
    public RefusalCaching(int maxAgeSeconds) {
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("max-age must not be negative, got " + maxAgeSeconds);
        }
        this.maxAgeSeconds = maxAgeSeconds;
    }

    public static RefusalCaching off() {
        return new RefusalCaching(0);
    }

    /** The headers to add to the refusal of this request: {@code Cache-Control} when it may be reused, else none. */
    public Map<String, String> headers(HttpRequest request, VodHlsException refusal) {
        ErrorKind kind = refusal.errorCode().kind();
        boolean reusable = kind == ErrorKind.INVALID_REQUEST || kind == ErrorKind.UNAUTHENTICATED
                || kind == ErrorKind.FORBIDDEN || kind == ErrorKind.TOKEN_REFUSED || kind == ErrorKind.NOT_FOUND;
        if (maxAgeSeconds == 0 || !reusable || !request.method().equals("GET")
                || refusal.errorCode() == ErrorCode.TOKEN_NOT_YET_VALID) {
            return Collections.emptyMap();
        }
        return Collections.singletonMap("Cache-Control", "private, max-age=" + maxAgeSeconds);
    }
}
