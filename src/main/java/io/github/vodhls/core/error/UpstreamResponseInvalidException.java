package io.github.vodhls.core.error;

/**
 * An upstream answered, but with something unusable (the origin's file is not an HLS playlist, too large, not
 * UTF-8): the {@link ErrorKind#BAD_GATEWAY} codes. Unlike {@link DependencyUnavailableException}, retrying soon is
 * not expected to help.
 */
public class UpstreamResponseInvalidException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not a {@link ErrorKind#BAD_GATEWAY} code */
    public UpstreamResponseInvalidException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.BAD_GATEWAY, UpstreamResponseInvalidException.class), message);
    }
}
