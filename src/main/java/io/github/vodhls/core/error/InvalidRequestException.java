package io.github.vodhls.core.error;

/** The request is missing a value or carries a malformed one. */
public class InvalidRequestException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
