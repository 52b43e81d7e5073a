package io.github.vodhls.core.error;

/**
 * The caller is authenticated but the thing asked for is not theirs to have (e.g. another video's key): the
 * {@link ErrorKind#FORBIDDEN} codes.
 */
public class AccessDeniedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not a {@link ErrorKind#FORBIDDEN} code */
    public AccessDeniedException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.FORBIDDEN, AccessDeniedException.class), message);
    }
}
