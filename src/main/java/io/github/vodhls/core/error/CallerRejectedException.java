package io.github.vodhls.core.error;

/** The caller of an administrative or issuing route could not be authenticated. */
public class CallerRejectedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public CallerRejectedException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
