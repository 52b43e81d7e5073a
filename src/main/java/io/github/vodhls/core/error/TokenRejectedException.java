package io.github.vodhls.core.error;


/**
 * An {@code MtsHlsUriToken} or a viewer's login token was refused: malformed, badly signed, expired, revoked, unknown:
 * {@link ErrorKind#UNAUTHENTICATED} codes.
 */
public class TokenRejectedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#UNAUTHENTICATED} code
     */
    public TokenRejectedException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.UNAUTHENTICATED, TokenRejectedException.class), message);
    }
}
