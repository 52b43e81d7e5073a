package io.github.vodhls.core.error;

/**
 * The caller of an administrative or issuing route (API key) or VOD's callback (its signature) could not be
 * authenticated: {@link ErrorKind#UNAUTHENTICATED} codes.
 */
public class CallerRejectedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#UNAUTHENTICATED} code */
    public CallerRejectedException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.UNAUTHENTICATED, CallerRejectedException.class), message);
    }
}
