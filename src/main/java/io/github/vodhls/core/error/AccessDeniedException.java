package io.github.vodhls.core.error;

/** The caller is authenticated but the thing asked for is not theirs to have (e.g. another video's key). */
public class AccessDeniedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }
}
