package io.github.vodhls.core.error;

/**
 * The work is under way right now (another delivery of the same upload callback holds the video's submission claim,
 * or VOD still reports the upload as in progress): the {@link ErrorKind#IN_PROGRESS} codes. Nothing failed; the
 * caller retries and sees the result.
 */
public class InProgressException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#IN_PROGRESS} code */
    public InProgressException(ErrorCode errorCode, String message) {
        super(requireKind(errorCode, ErrorKind.IN_PROGRESS, InProgressException.class), message);
    }
}
