package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.exceptions.ClientException;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.VodHlsException;

/**
 * Translates failures of ApsaraVideo VOD calls into this package's exceptions: throttling ({@code Throttling},
 * {@code Throttling.User}, {@code Throttling.Api}, …, HTTP 429) to {@link ErrorCode#VOD_THROTTLED}, everything else
 * to {@link ErrorCode#VOD_UNAVAILABLE}. Both are 503s, so the upload callback answers 5xx and VOD retries it.
 *
 * <p>As in {@link KmsErrors}, messages carry the operation, the VOD (or SDK) error code and the request id, nothing
 * else: SDK messages may quote the request URL with the STS token and the EncryptConfig (the data key's
 * ciphertext), so SDK exceptions are never chained as causes and their messages are never copied.
 */
final class VodErrors {

    private VodErrors() {
    }

    /**
     * The exception to throw for a failed call.
     *
     * @param operation the VOD action, e.g. {@code SubmitTranscodeJobs}
     * @param failure what the SDK threw
     */
    static DependencyUnavailableException translate(String operation, Exception failure) {
        if (!(failure instanceof ClientException)) {
            return new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE,
                    AcsFailure.otherFailure("VOD", operation, failure));
        }
        AcsFailure e = AcsFailure.of("VOD", operation, (ClientException) failure);
        if (e.isThrottling()) {
            return new DependencyUnavailableException(ErrorCode.VOD_THROTTLED, e.detail());
        }
        // SDK.ReadTimeout, SDK.ServerUnreachable, InternalError, Forbidden.RAM, InvalidVideo.NotFound, missing
        // credentials, …: the submission did not happen now; the caller answers 5xx and VOD retries the callback.
        return new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, e.detail());
    }

    /**
     * The exception to throw for a failed {@code DecryptKMSDataKey} of a stored ciphertext: as {@link #translate},
     * except that a refusal of the ciphertext itself is {@link ErrorCode#CIPHERTEXT_UNKNOWN}. VOD documents no code
     * for a ciphertext it cannot open (its reference lists only {@code EntityNotExist.Role}, VOD's missing service
     * role); the operation takes the ciphertext as its only parameter and hands it to KMS, so KMS's refusal codes
     * ({@link KmsErrors#CIPHERTEXT_REFUSED}) are taken as that answer. Any other code stays a 503: never a guessed key.
     */
    static VodHlsException translateDecrypt(String operation, Exception failure) {
        if (failure instanceof ClientException) {
            AcsFailure e = AcsFailure.of("VOD", operation, (ClientException) failure);
            if (!e.isThrottling() && KmsErrors.CIPHERTEXT_REFUSED.contains(e.code())) {
                return new AccessDeniedException(ErrorCode.CIPHERTEXT_UNKNOWN, e.detail());
            }
        }
        return translate(operation, failure);
    }

    /**
     * The exception to throw for a failed {@code GetPlayInfo}: VOD's documented refusals of the video itself are the
     * caller's answer, not an outage. {@code InvalidVideo.NotFound} (404) is {@link ErrorCode#VIDEO_NOT_FOUND};
     * {@code Forbidden.IllegalStatus} (403, the video is not Normal yet) and {@code InvalidVideo.NoneStream} (404, no
     * transcoded stream matches: not transcoded to HLS yet) are {@link ErrorCode#VIDEO_NOT_READY};
     * {@code Forbidden.AliyunVoDEncryption} (403, only streams of VOD's proprietary encryption) is
     * {@link ErrorCode#NO_ENCRYPTED_STREAM}. Everything else as {@link #translate}.
     */
    static VodHlsException translatePlayInfo(String operation, Exception failure) {
        if (failure instanceof ClientException) {
            AcsFailure e = AcsFailure.of("VOD", operation, (ClientException) failure);
            switch (e.code()) {
                case "InvalidVideo.NotFound":
                    return new NotFoundException(ErrorCode.VIDEO_NOT_FOUND, "VOD knows no such video; " + e.detail());
                case "Forbidden.IllegalStatus":
                case "InvalidVideo.NoneStream":
                    return new ConflictException(ErrorCode.VIDEO_NOT_READY, "the video has no HLS stream to play yet "
                            + "(not transcoded, or not in the Normal state); " + e.detail());
                case "Forbidden.AliyunVoDEncryption":
                    return new ConflictException(ErrorCode.NO_ENCRYPTED_STREAM, "the video has only streams of VOD's "
                            + "proprietary encryption, none with HLS encryption; " + e.detail());
                default:
                    break;
            }
        }
        return translate(operation, failure);
    }
}
