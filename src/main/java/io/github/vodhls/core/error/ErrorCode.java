package io.github.vodhls.core.error;

/**
 * Every stable error code this package answers with. The {@link #code()} strings are part of the public
 * contract: clients and dashboards match on them, so they never change meaning.
 */
public enum ErrorCode {
    // 400
    MISSING_PARAMETER(ErrorKind.INVALID_REQUEST),
    INVALID_PARAMETER(ErrorKind.INVALID_REQUEST),
    MALFORMED_BODY(ErrorKind.INVALID_REQUEST),
    CIPHERTEXT_MALFORMED(ErrorKind.INVALID_REQUEST),
    // 401: caller (API key)
    API_KEY_MISSING(ErrorKind.UNAUTHENTICATED),
    API_KEY_INVALID(ErrorKind.UNAUTHENTICATED),
    // 401: MtsHlsUriToken
    TOKEN_MISSING(ErrorKind.INVALID_REQUEST),
    TOKEN_MALFORMED(ErrorKind.UNAUTHENTICATED),
    TOKEN_TOO_LARGE(ErrorKind.UNAUTHENTICATED),
    TOKEN_UNSIGNED(ErrorKind.UNAUTHENTICATED),
    TOKEN_ALGORITHM_NOT_ALLOWED(ErrorKind.UNAUTHENTICATED),
    TOKEN_UNKNOWN_KID(ErrorKind.UNAUTHENTICATED),
    TOKEN_BAD_SIGNATURE(ErrorKind.UNAUTHENTICATED),
    TOKEN_EXPIRED(ErrorKind.UNAUTHENTICATED),
    TOKEN_NOT_YET_VALID(ErrorKind.UNAUTHENTICATED),
    TOKEN_CLAIMS_INVALID(ErrorKind.UNAUTHENTICATED),
    TOKEN_UNKNOWN(ErrorKind.UNAUTHENTICATED),
    TOKEN_REVOKED(ErrorKind.UNAUTHENTICATED),
    // 403
    TOKEN_USES_EXHAUSTED(ErrorKind.FORBIDDEN),
    CIPHERTEXT_NOT_FOR_VIDEO(ErrorKind.FORBIDDEN),
    CIPHERTEXT_UNKNOWN(ErrorKind.FORBIDDEN),
    // 404 / 405
    NOT_FOUND(ErrorKind.NOT_FOUND),
    METHOD_NOT_ALLOWED(ErrorKind.METHOD_NOT_ALLOWED),
    // 503
    KMS_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    KMS_THROTTLED(ErrorKind.UNAVAILABLE),
    STORE_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    // 500
    KEY_INVALID(ErrorKind.INTERNAL),
    CONFIGURATION_INVALID(ErrorKind.INTERNAL),
    INTERNAL_ERROR(ErrorKind.INTERNAL);

    private final ErrorKind kind;

    ErrorCode(ErrorKind kind) {
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The wire form of the code, e.g. {@code TOKEN_EXPIRED}. */
    public String code() {
        return name();
    }
}
