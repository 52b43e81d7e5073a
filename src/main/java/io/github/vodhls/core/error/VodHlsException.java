package io.github.vodhls.core.error;

/**
 * Root of every failure this package reports on purpose. The message is safe to show to the caller: it never
 * contains key material, whole tokens or signatures.
 */
public class VodHlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode errorCode;

    public VodHlsException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public VodHlsException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + errorCode.code() + ": " + getMessage() + "]";
    }
}
