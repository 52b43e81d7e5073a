package io.github.vodhls.core.error;

/** KMS or the store failed, timed out or throttled. Never answered with a guessed key: callers get 503. */
public class DependencyUnavailableException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public DependencyUnavailableException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }

    public DependencyUnavailableException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
