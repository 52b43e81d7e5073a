package io.github.vodhls.core.error;


/**
 * An {@code MtsHlsUriToken} was refused: malformed, badly signed, expired, revoked, unknown:
 * {@link ErrorKind#TOKEN_REFUSED} codes. (A viewer's login token is the caller's credential: {@link
 * CallerRejectedException}.)
 */
public class TokenRejectedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException when {@code errorCode} is not a {@link ErrorKind#TOKEN_REFUSED} code
     */
    public TokenRejectedException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.TOKEN_REFUSED, TokenRejectedException.class), message);
    }
}
