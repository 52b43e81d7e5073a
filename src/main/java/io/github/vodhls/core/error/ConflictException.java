package io.github.vodhls.core.error;

/**
 * The resource is there but not in a state that allows the request (a video not transcoded yet, or with no stream
 * encrypted with HLS encryption): the {@link ErrorKind#CONFLICT} codes, HTTP 409.
 */
public class ConflictException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#CONFLICT} code */
    public ConflictException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.CONFLICT, ConflictException.class), message);
    }
}
