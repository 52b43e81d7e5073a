package io.github.vodhls.core.error;

/**
 * The class of a failure; the functions' error mapper turns each into one HTTP status. Every exception type carries
 * the codes of one kind (see {@link VodHlsException}).
 */
public enum ErrorKind {
    /** The request is missing something or malformed (HTTP 400). */
    INVALID_REQUEST,
    /** The caller (its API key, login token or signature) could not be authenticated (HTTP 401). */
    UNAUTHENTICATED,
    /** The caller is authenticated but may not have this (HTTP 403). */
    FORBIDDEN,
    /**
     * The {@code MtsHlsUriToken} in the URL was refused (HTTP 403): a credential in the URL, like a CDN's signed URL
     * (Alibaba Cloud CDN answers a failed URL signature with 403 too), not an HTTP authentication scheme; and a
     * browser may reuse a 403 for its max-age, while it never caches a 401.
     */
    TOKEN_REFUSED,
    /** The resource does not exist (HTTP 404). */
    NOT_FOUND,
    /** The HTTP method is not served on this route (HTTP 405). */
    METHOD_NOT_ALLOWED,
    /**
     * The caller has reached one of its limits (tokens per minute, streams at once); the answer says in how many
     * seconds the same request can succeed (HTTP 429 with {@code Retry-After}).
     */
    TOO_MANY_REQUESTS,
    /**
     * The resource exists but is not in a state that allows this (a video not transcoded yet, or without a stream
     * of the kind asked for): HTTP 409. The caller's to resolve, or to retry once the state changed.
     */
    CONFLICT,
    /** A dependency (KMS, the store) is down or throttling; retrying later may succeed (HTTP 503). */
    UNAVAILABLE,
    /**
     * The work is under way elsewhere: this service is doing it for another request (it holds the claim), or VOD is
     * still receiving the upload the request is about; retrying later sees the result (HTTP 503). Not a dependency's
     * failure.
     */
    IN_PROGRESS,
    /** An upstream (the media origin) answered something unusable (HTTP 502). */
    BAD_GATEWAY,
    /** A bug or an impossible state on our side (HTTP 500). */
    INTERNAL;

    /**
     * True when the failure is on this side (ours or a dependency's), not the caller's: the caller gets a fixed
     * sentence instead of the message (which may name tables, request ids, key lengths), and the log line is an
     * error.
     */
    public boolean serverSide() {
        return this == UNAVAILABLE || this == IN_PROGRESS || this == BAD_GATEWAY || this == INTERNAL;
    }

    /** True when the same request may succeed later: the answer carries {@code Retry-After}. */
    public boolean retryLater() {
        return this == UNAVAILABLE || this == IN_PROGRESS || this == TOO_MANY_REQUESTS;
    }
}
