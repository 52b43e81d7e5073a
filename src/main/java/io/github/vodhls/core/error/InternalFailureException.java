package io.github.vodhls.core.error;

/**
 * A fault on our side that is known and named (KMS returned a key that is not 16 bytes, KMS refused a registered
 * ciphertext): the {@link ErrorKind#INTERNAL} codes except two. {@link ErrorCode#CONFIGURATION_INVALID} is
 * {@link ConfigurationException}'s, which names the variable; {@link ErrorCode#INTERNAL_ERROR} is never thrown: it
 * is the answer to a bug, an exception that is no {@link VodHlsException} at all.
 */
public class InternalFailureException extends VodHlsException {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException when {@code errorCode} is not an {@link ErrorKind#INTERNAL} code, or is
     *     {@code CONFIGURATION_INVALID} or {@code INTERNAL_ERROR}
     */
    public InternalFailureException(ErrorCode errorCode, String message) {
        super(requireNamedFault(errorCode), message);
    }

    private static ErrorCode requireNamedFault(ErrorCode code) {
        requireKind(code, ErrorKind.INTERNAL, InternalFailureException.class);
        if (code == ErrorCode.CONFIGURATION_INVALID || code == ErrorCode.INTERNAL_ERROR) {
            throw new IllegalArgumentException("InternalFailureException does not carry " + code + ": "
                    + (code == ErrorCode.CONFIGURATION_INVALID ? "throw ConfigurationException, which names the "
                            + "variable" : "that is the answer to a bug, not a failure to throw"));
        }
        return code;
    }
}
