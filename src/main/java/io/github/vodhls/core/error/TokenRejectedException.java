package io.github.vodhls.core.error;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * An {@code MtsHlsUriToken} or a viewer's login token was refused: malformed, badly signed, expired, revoked, unknown:
 * {@link ErrorKind#UNAUTHENTICATED} codes.
 */
public class TokenRejectedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /**
     * Codes of another kind still thrown as this type by {@code core.token}, which this change could not touch:
     * {@code TokenCodec.verify} throws {@code TOKEN_MISSING} (400: an {@link InvalidRequestException}) and
     * {@code TokenService.consumeUse} throws {@code TOKEN_USES_EXHAUSTED} (403: an {@link AccessDeniedException}).
     * The answer is right either way (the mapper reads the code); the type is not. Once those two throw sites use
     * the types of their codes, this set goes, and with it the last code a type disagrees with.
     */
    static final Set<ErrorCode> PENDING_CORE_TOKEN_FIX = Collections.unmodifiableSet(
            EnumSet.of(ErrorCode.TOKEN_MISSING, ErrorCode.TOKEN_USES_EXHAUSTED));

    /**
     * @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#UNAUTHENTICATED} code (but
     *     see {@link #PENDING_CORE_TOKEN_FIX})
     */
    public TokenRejectedException(ErrorCode errorCode, String message) {
        super(PENDING_CORE_TOKEN_FIX.contains(errorCode) ? errorCode
                : requireKind(errorCode, ErrorKind.UNAUTHENTICATED, TokenRejectedException.class), message);
    }
}
