package io.github.vodhls.core.error;

/**
 * No such route, video or file: the {@link ErrorKind#NOT_FOUND} codes ({@link ErrorCode#NOT_FOUND} for routes and
 * files, {@link ErrorCode#VIDEO_NOT_FOUND} for a video the media service does not know).
 */
public class NotFoundException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#NOT_FOUND} code */
    public NotFoundException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.NOT_FOUND, NotFoundException.class), message);
    }
}
