package io.github.vodhls.core.error;

/**
 * A dependency (KMS, the store, VOD, the origin, the entitlement webhook, the login JWKS) failed, timed out or
 * throttled: the {@link ErrorKind#UNAVAILABLE} codes. Never answered with a guessed key: callers get 503.
 */
public class DependencyUnavailableException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#UNAVAILABLE} code */
    public DependencyUnavailableException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireKind(errorCode, ErrorKind.UNAVAILABLE, DependencyUnavailableException.class), message, cause);
    }

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#UNAVAILABLE} code */
    public DependencyUnavailableException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }
}
