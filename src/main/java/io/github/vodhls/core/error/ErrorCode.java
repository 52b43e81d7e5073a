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
    VIEWER_LIMITS_NOT_ALLOWED(ErrorKind.INVALID_REQUEST),
    // 401: caller (API key)
    API_KEY_MISSING(ErrorKind.UNAUTHENTICATED, "Bearer"),
    API_KEY_INVALID(ErrorKind.UNAUTHENTICATED, "Bearer"),
    // 403: MtsHlsUriToken (a credential in the URL; see ErrorKind.TOKEN_REFUSED)
    TOKEN_MISSING(ErrorKind.INVALID_REQUEST),
    TOKEN_MALFORMED(ErrorKind.TOKEN_REFUSED),
    TOKEN_TOO_LARGE(ErrorKind.TOKEN_REFUSED),
    TOKEN_UNSIGNED(ErrorKind.TOKEN_REFUSED),
    TOKEN_ALGORITHM_NOT_ALLOWED(ErrorKind.TOKEN_REFUSED),
    TOKEN_UNKNOWN_KID(ErrorKind.TOKEN_REFUSED),
    TOKEN_BAD_SIGNATURE(ErrorKind.TOKEN_REFUSED),
    TOKEN_EXPIRED(ErrorKind.TOKEN_REFUSED),
    TOKEN_SESSION_ENDED(ErrorKind.TOKEN_REFUSED),
    TOKEN_NOT_YET_VALID(ErrorKind.TOKEN_REFUSED),
    TOKEN_CLAIMS_INVALID(ErrorKind.TOKEN_REFUSED),
    TOKEN_UNKNOWN(ErrorKind.TOKEN_REFUSED),
    TOKEN_REVOKED(ErrorKind.TOKEN_REFUSED),
    TOKEN_REQUIRED(ErrorKind.TOKEN_REFUSED),
    // 401: the viewer's login token (the customer app's own JWT)
    LOGIN_TOKEN_MALFORMED(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_BAD_SIGNATURE(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_UNKNOWN_KID(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_EXPIRED(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_NOT_YET_VALID(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_WRONG_ISSUER(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_WRONG_AUDIENCE(ErrorKind.UNAUTHENTICATED),
    LOGIN_TOKEN_CLAIMS_INVALID(ErrorKind.UNAUTHENTICATED),
    // 401: ApsaraVideo VOD's HTTP callback (X-VOD-TIMESTAMP / X-VOD-SIGNATURE)
    CALLBACK_SIGNATURE_INVALID(ErrorKind.UNAUTHENTICATED),
    CALLBACK_TIMESTAMP_STALE(ErrorKind.UNAUTHENTICATED),
    CALLBACK_REPLAYED(ErrorKind.UNAUTHENTICATED),
    // 403
    TOKEN_USES_EXHAUSTED(ErrorKind.FORBIDDEN),
    CIPHERTEXT_NOT_FOR_VIDEO(ErrorKind.FORBIDDEN),
    TOKEN_NOT_FOR_VIDEO(ErrorKind.FORBIDDEN),
    CIPHERTEXT_UNKNOWN(ErrorKind.FORBIDDEN),
    TOKEN_BINDING_MISMATCH(ErrorKind.FORBIDDEN),
    VIEWER_USER_MISMATCH(ErrorKind.FORBIDDEN),
    VIEWER_ROUTE_FORBIDDEN(ErrorKind.FORBIDDEN),
    ENTITLEMENT_DENIED(ErrorKind.FORBIDDEN),
    // 404 / 405
    NOT_FOUND(ErrorKind.NOT_FOUND),
    VIDEO_NOT_FOUND(ErrorKind.NOT_FOUND),
    METHOD_NOT_ALLOWED(ErrorKind.METHOD_NOT_ALLOWED),
    // 429: a viewer's stream limits
    RATE_LIMITED(ErrorKind.TOO_MANY_REQUESTS),
    TOO_MANY_STREAMS(ErrorKind.TOO_MANY_REQUESTS),
    // 409
    VIDEO_NOT_READY(ErrorKind.CONFLICT),
    NO_ENCRYPTED_STREAM(ErrorKind.CONFLICT),
    // 503
    KMS_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    KMS_THROTTLED(ErrorKind.UNAVAILABLE),
    STORE_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    LOGIN_KEYS_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    TRANSCODE_IN_PROGRESS(ErrorKind.IN_PROGRESS),
    UPLOAD_IN_PROGRESS(ErrorKind.IN_PROGRESS),
    ENTITLEMENT_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    VOD_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    VOD_THROTTLED(ErrorKind.UNAVAILABLE),
    VOD_OUTCOME_UNKNOWN(ErrorKind.UNAVAILABLE),
    ORIGIN_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    SECRETS_UNAVAILABLE(ErrorKind.UNAVAILABLE),
    // 502
    ORIGIN_RESPONSE_INVALID(ErrorKind.BAD_GATEWAY),
    // 500
    KEY_INVALID(ErrorKind.INTERNAL),
    KMS_REFUSED(ErrorKind.INTERNAL),
    CONFIGURATION_INVALID(ErrorKind.INTERNAL),
    INTERNAL_ERROR(ErrorKind.INTERNAL);

    private final ErrorKind kind;
    private final String challenge;

    ErrorCode(ErrorKind kind) {
        this(kind, null);
    }

    ErrorCode(ErrorKind kind, String challenge) {
        this.kind = kind;
        this.challenge = challenge;
    }

    /** The class of the failure: it decides the HTTP status and which exception type may carry this code. */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * The scheme a refusal with this code names in {@code WWW-Authenticate} (RFC 9110 11.6.1): {@code Bearer} for
     * the API key codes (the token function's {@code Authorization: Bearer} routes), empty for every other code.
     */
    public java.util.Optional<String> challenge() {
        return java.util.Optional.ofNullable(challenge);
    }

    /** The wire form of the code, e.g. {@code TOKEN_EXPIRED}. */
    public String code() {
        return name();
    }
}
