package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.exceptions.ClientException;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import java.util.Set;

/**
 * Translates failures of KMS calls into this package's exceptions.
 *
 * <p>Messages carry the operation, the KMS (or SDK) error code and the request id, nothing else: the SDK's own
 * messages may quote the string to sign or the request URL (with the STS token and the ciphertext), so SDK
 * exceptions are never chained as causes and their messages are never copied.
 */
final class KmsErrors {

    /**
     * Codes with which KMS Decrypt refuses a ciphertext it cannot open: a blob that does not parse
     * ({@code InvalidParameter}), names no key of this account ({@code Forbidden.KeyNotFound}) or fails
     * authentication ({@code InvalidCiphertext}). On GenerateDataKey the same codes mean our configuration is
     * wrong, so they apply to Decrypt only.
     */
    static final Set<String> CIPHERTEXT_REFUSED = Set.of("InvalidCiphertext", "Forbidden.KeyNotFound",
            "InvalidParameter");

    private KmsErrors() {
    }

    /**
     * The exception to throw for a failed call.
     *
     * @param operation the KMS action, e.g. {@code Decrypt}
     * @param failure what the SDK threw
     * @param ciphertextInput whether the call was a Decrypt of a caller-supplied ciphertext
     */
    static VodHlsException translate(String operation, Exception failure, boolean ciphertextInput) {
        if (!(failure instanceof ClientException)) {
            return new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE,
                    AcsFailure.otherFailure("KMS", operation, failure));
        }
        AcsFailure e = AcsFailure.of("KMS", operation, (ClientException) failure);
        if (e.isThrottling()) {
            return new DependencyUnavailableException(ErrorCode.KMS_THROTTLED, e.detail());
        }
        if (ciphertextInput && CIPHERTEXT_REFUSED.contains(e.code())) {
            return new AccessDeniedException(ErrorCode.CIPHERTEXT_UNKNOWN, e.detail());
        }
        // SDK.ReadTimeout, SDK.ServerUnreachable, InternalFailure, ServiceUnavailableTemporary, Rejected.Disabled,
        // Forbidden.NoPermission, missing credentials, …: KMS cannot answer for us now; never guess a key.
        return new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, e.detail());
    }
}
