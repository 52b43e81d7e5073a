package io.github.vodhls.core.error;

/**
 * Root of every failure this package reports on purpose. The {@link ErrorCode} is the classification: its
 * {@link ErrorKind} decides the HTTP status, and each subtype carries the codes of exactly one kind, so a type and
 * its code cannot disagree (a subtype's constructor refuses a code of another kind with
 * {@link IllegalArgumentException}).
 * Kinds and types: {@code INVALID_REQUEST} {@link InvalidRequestException}; {@code UNAUTHENTICATED}
 * {@link CallerRejectedException} (API key, login token, VOD's signature); {@code TOKEN_REFUSED}
 * {@link TokenRejectedException} (an {@code MtsHlsUriToken});
 * {@code FORBIDDEN} {@link AccessDeniedException}; {@code NOT_FOUND} {@link NotFoundException};
 * {@code METHOD_NOT_ALLOWED} {@link MethodNotAllowedException}; {@code CONFLICT} {@link ConflictException};
 * {@code TOO_MANY_REQUESTS} {@link LimitExceededException}; {@code UNAVAILABLE}
 * {@link DependencyUnavailableException}; {@code IN_PROGRESS} {@link InProgressException}; {@code BAD_GATEWAY}
 * {@link UpstreamResponseInvalidException}; {@code INTERNAL} {@link ConfigurationException} (the variable's code)
 * and {@link InternalFailureException} (the others but {@code INTERNAL_ERROR}, the answer to a bug, never thrown). The message is safe to show to the caller: it never contains key material,
 * whole tokens or signatures.
 */
public abstract class VodHlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode errorCode;

    protected VodHlsException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    protected VodHlsException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /**
     * A failure for a log line: a {@link VodHlsException} by code and message (which are safe to log), anything else
     * (a bug) as {@code INTERNAL_ERROR} with its class only, never its message (which may quote a payload).
     */
    public static String forLog(Throwable failure) {
        if (failure instanceof VodHlsException) {
            return ((VodHlsException) failure).errorCode().code() + ": " + failure.getMessage();
        }
        return ErrorCode.INTERNAL_ERROR.code() + ": " + failure.getClass().getName();
    }

    /**
     * {@code code}, when its kind is {@code kind}.
     *
     * @throws IllegalArgumentException when the code is null or of another kind: a throw site that disagrees with
     *     its code is a bug, and fails where it is written rather than answering a status nobody meant
     */
    static ErrorCode requireKind(ErrorCode code, ErrorKind kind, Class<? extends VodHlsException> type) {
        if (code == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " needs an error code");
        }
        if (code.kind() != kind) {
            throw new IllegalArgumentException(type.getSimpleName() + " carries " + kind + " codes, not " + code
                    + " (" + code.kind() + ")");
        }
        return code;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + errorCode.code() + ": " + getMessage() + "]";
    }
}
