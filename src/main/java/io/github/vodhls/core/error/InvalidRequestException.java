package io.github.vodhls.core.error;

/** The request is missing a value or carries a malformed one: the {@link ErrorKind#INVALID_REQUEST} codes. */
public class InvalidRequestException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#INVALID_REQUEST} code */
    public InvalidRequestException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.INVALID_REQUEST, InvalidRequestException.class), message);
    }
}
