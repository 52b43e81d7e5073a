package io.github.vodhls.core.error;

/**
 * The caller reached one of its limits (a viewer's tokens per minute or streams at once): the
 * {@link ErrorKind#TOO_MANY_REQUESTS} codes. Carries when the same request can succeed, for {@code Retry-After}.
 */
public class LimitExceededException extends VodHlsException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    /**
     * @param retryAfterSeconds in how many whole seconds the limit frees up (at least 1)
     * @throws IllegalArgumentException when {@code errorCode} is not a {@link ErrorKind#TOO_MANY_REQUESTS} code or
     *     {@code retryAfterSeconds} is below 1
     */
    public LimitExceededException(ErrorCode errorCode, String message, long retryAfterSeconds) {
        super(requireKind(errorCode, ErrorKind.TOO_MANY_REQUESTS, LimitExceededException.class), message);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be at least 1, got " + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until the same request can succeed: the {@code Retry-After} value. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
