package io.github.vodhls.core.error;

/** No such route, video or file: {@link ErrorCode#NOT_FOUND}, the one {@link ErrorKind#NOT_FOUND} code. */
public class NotFoundException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
