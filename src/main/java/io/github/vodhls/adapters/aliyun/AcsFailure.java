package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;

/**
 * What a failed Alibaba Cloud RPC call (KMS, VOD) says, read the same way for every product: the error code and
 * request id of the SDK's {@link ClientException} (unwrapped from the SDK's "retries exhausted" wrapper), whether it
 * is throttling, and a message that carries the product, the operation, the code and the request id and nothing else.
 *
 * <p>The SDK's own messages may quote the string to sign or the request URL (with the STS token and, for KMS and VOD,
 * key material), so they are never copied and SDK exceptions are never chained as causes.
 */
final class AcsFailure {
    /** The SDK wraps the last failure in this code when its retry policy gives up. */
    private static final String RETRIES_EXHAUSTED = "SDK.RequestTryOrRetryFailed";

    private final ClientException exception;
    private final String code;
    private final String detail;

    private AcsFailure(ClientException exception, String code, String detail) {
        this.exception = exception;
        this.code = code;
        this.detail = detail;
    }

    /**
     * @param product e.g. {@code KMS}
     * @param operation e.g. {@code Decrypt}
     */
    static AcsFailure of(String product, String operation, ClientException failure) {
        ClientException e = failure;
        if (RETRIES_EXHAUSTED.equals(e.getErrCode()) && e.getCause() instanceof ClientException) {
            e = (ClientException) e.getCause();
        }
        String code = e.getErrCode() == null ? "unknown" : e.getErrCode();
        return new AcsFailure(e, code, product + " " + operation + " failed: " + code + " (request id "
                + (e.getRequestId() == null ? "none" : e.getRequestId()) + ")");
    }

    /** For a failure that is not a {@link ClientException}: the exception's class only. */
    static String otherFailure(String product, String operation, Exception failure) {
        return product + " " + operation + " failed: " + failure.getClass().getSimpleName();
    }

    /** The SDK's exception, unwrapped from the "retries exhausted" wrapper: for telling causes apart, never logged. */
    ClientException exception() {
        return exception;
    }

    /** The product's error code, or {@code unknown}. */
    String code() {
        return code;
    }

    /** {@code <product> <operation> failed: <code> (request id <id>)}. */
    String detail() {
        return detail;
    }

    /**
     * Whether the service refused for load: the SDK's throttling type, or a code {@code Throttling…},
     * {@code ….Throttling} or {@code Rejected.Throttling} (KMS's answer to an exceeded QPS quota).
     */
    boolean isThrottling() {
        return exception.getErrorType() == ErrorType.Throttling || code.startsWith("Throttling")
                || code.endsWith(".Throttling");
    }
}
