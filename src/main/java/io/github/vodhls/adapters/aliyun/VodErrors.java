package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;
import com.aliyuncs.exceptions.ServerException;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.VodHlsException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;

/**
 * Translates failures of ApsaraVideo VOD calls into this package's exceptions: throttling ({@code Throttling},
 * {@code Throttling.User}, {@code Throttling.Api}, …, HTTP 429) to {@link ErrorCode#VOD_THROTTLED}, everything else
 * to {@link ErrorCode#VOD_UNAVAILABLE}. All are 503s, so the upload callback answers 5xx and VOD retries it.
 *
 * <p>For a call that creates something ({@code SubmitTranscodeJobs}, {@link #translateSubmission}) a failure after
 * which VOD may have acted is {@link ErrorCode#VOD_OUTCOME_UNKNOWN} instead: a 5xx answer ({@code InternalError},
 * {@code ServiceUnavailable}: the request reached VOD), a read timeout ({@code SDK.ReadTimeout}; an SDK HTTP client
 * may report a connect timeout the same way, so that counts too), a connection that failed after it was made
 * ({@code SDK.ServerUnreachable} caused by a reset or a broken pipe), an answer the SDK could not read, an
 * interruption, anything that is not an SDK {@link ClientException}, and no answer at all. Certain failures stay
 * {@code VOD_UNAVAILABLE}/{@code VOD_THROTTLED}: every 4xx code VOD answered (it refused the request), a connection
 * that was never made (refused, unknown host, no route, TLS handshake, connect timeout of the Apache client), and the
 * SDK's own refusals before sending (credentials, signing).
 *
 * <p>As in {@link KmsErrors}, messages carry the operation, the VOD (or SDK) error code and the request id, nothing
 * else: SDK messages may quote the request URL with the STS token and the EncryptConfig (the data key's
 * ciphertext), so SDK exceptions are never chained as causes and their messages are never copied.
 */
final class VodErrors {
    /** SDK codes after which the request may have reached VOD (besides 5xx answers). */
    private static final Set<String> MAYBE_SENT = Set.of("SDK.ReadTimeout", "SDK.InvalidServerResponse",
            "SDK.InvalidResponseClass", "SDK.InterruptedException", "SDK.RequestTryOrRetryFailed");
    private static final String UNREACHABLE = "SDK.ServerUnreachable";

    private VodErrors() {
    }

    /**
     * The exception to throw for a failed call that changes nothing at VOD (a read).
     *
     * @param operation the VOD action, e.g. {@code GetMezzanineInfo}
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
        // credentials, …: the caller answers 5xx and VOD retries the callback.
        return new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, e.detail());
    }

    /**
     * The exception to throw for a failed call that creates something at VOD: as {@link #translate}, but
     * {@link ErrorCode#VOD_OUTCOME_UNKNOWN} when VOD may have acted on the request.
     */
    static DependencyUnavailableException translateSubmission(String operation, Exception failure) {
        if (!(failure instanceof ClientException)) {
            return new DependencyUnavailableException(ErrorCode.VOD_OUTCOME_UNKNOWN,
                    AcsFailure.otherFailure("VOD", operation, failure) + "; VOD may have taken the request");
        }
        AcsFailure e = AcsFailure.of("VOD", operation, (ClientException) failure);
        if (!e.isThrottling() && mayHaveActed(e)) {
            return new DependencyUnavailableException(ErrorCode.VOD_OUTCOME_UNKNOWN, e.detail()
                    + "; VOD may have taken the request");
        }
        return translate(operation, failure);
    }

    /** The answer when VOD's reply to a creating call cannot be read at all. */
    static DependencyUnavailableException noResponse(String operation) {
        return new DependencyUnavailableException(ErrorCode.VOD_OUTCOME_UNKNOWN, "VOD " + operation
                + " returned no response; VOD may have taken the request");
    }

    private static boolean mayHaveActed(AcsFailure failure) {
        ClientException e = failure.exception();
        if (e instanceof ServerException || e.getErrorType() == ErrorType.Server) {
            return true; // VOD answered 5xx: the request arrived, its effect is unknown
        }
        if (UNREACHABLE.equals(failure.code())) {
            return !neverConnected(e.getCause());
        }
        return MAYBE_SENT.contains(failure.code());
    }

    /** Whether an I/O failure happened before a connection existed, so nothing was sent. */
    private static boolean neverConnected(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SSLHandshakeException
                    || "ConnectTimeoutException".equals(t.getClass().getSimpleName())) {
                return true;
            }
        }
        return false;
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
