package io.github.vodhls.core.error;

/** An {@code MtsHlsUriToken} was refused: malformed, badly signed, expired, revoked, exhausted or for another video. */
public class TokenRejectedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public TokenRejectedException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
