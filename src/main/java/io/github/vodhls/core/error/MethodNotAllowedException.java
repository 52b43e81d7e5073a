package io.github.vodhls.core.error;

/**
 * The route does not serve this HTTP method: {@link ErrorCode#METHOD_NOT_ALLOWED}, the one
 * {@link ErrorKind#METHOD_NOT_ALLOWED} code.
 */
public class MethodNotAllowedException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    public MethodNotAllowedException(String message) {
        super(ErrorCode.METHOD_NOT_ALLOWED, message);
    }
}
