package io.github.vodhls.core.error;

/** The class of a failure; the functions' error mapper turns each into one HTTP status. */
public enum ErrorKind {
    /** The request is missing something or malformed (HTTP 400). */
    INVALID_REQUEST,
    /** The caller or its token could not be authenticated (HTTP 401). */
    UNAUTHENTICATED,
    /** The caller is authenticated but may not have this (HTTP 403). */
    FORBIDDEN,
    /** The resource does not exist (HTTP 404). */
    NOT_FOUND,
    /** The HTTP method is not served on this route (HTTP 405). */
    METHOD_NOT_ALLOWED,
    /** A dependency (KMS, the store) is down or throttling; retrying later may succeed (HTTP 503). */
    UNAVAILABLE,
    /** An upstream (the media origin) answered something unusable (HTTP 502). */
    BAD_GATEWAY,
    /** A bug or an impossible state on our side (HTTP 500). */
    INTERNAL
}
