package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InternalFailureException;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.VodHlsException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link KmsKeyManagement} translates KMS failures and broken answers; no message leaks key or ciphertext. */
class KmsKeyManagementErrorsTest {
    private static final String CIPHERTEXT = "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJm";
    private static final String REQUEST_ID = "4C467B38-3910-447D-87BC-AC049166F216";

    private final IAcsClient client = mock(IAcsClient.class);
    private final KmsKeyManagement kms = new KmsKeyManagement(client, "key-1");

    private void decryptFailsWith(Exception e) throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenThrow(e);
    }

    private static <T extends VodHlsException> T assertFailure(Class<T> type, ErrorCode code, Executable call,
            String... mustMention) {
        T e = assertThrows(type, call);
        assertEquals(code, e.errorCode());
        for (String s : mustMention) {
            assertTrue(e.getMessage().contains(s), () -> "'" + e.getMessage() + "' should mention " + s);
        }
        assertFalse(e.getMessage().contains(CIPHERTEXT), "message must not carry the ciphertext");
        assertNull(e.getCause(), "SDK exceptions (whose messages may quote URLs and tokens) are not chained");
        return e;
    }

    @Test
    void decrypt_whenKmsThrottles_isKmsThrottledNamingCodeAndRequestId() throws Exception {
        decryptFailsWith(new ClientException("Rejected.Throttling", "QPS Limit Exceeded", REQUEST_ID));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_THROTTLED, () -> kms.decrypt(CIPHERTEXT),
                "Decrypt", "Rejected.Throttling", REQUEST_ID);
    }

    @Test
    void generateDataKey_whenKmsThrottles_isKmsThrottled() throws Exception {
        decryptFailsWith(new ClientException("Rejected.Throttling", "QPS Limit Exceeded", REQUEST_ID));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_THROTTLED, kms::generateDataKey,
                "GenerateDataKey", "Rejected.Throttling");
    }

    @Test
    void decrypt_whenSdkMarksErrorAsThrottling_isKmsThrottled() throws Exception {
        ClientException e = new ClientException("Throttling.User", "Request was denied due to user flow control.");
        e.setErrorType(ErrorType.Throttling);
        decryptFailsWith(e);
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_THROTTLED, () -> kms.decrypt(CIPHERTEXT));
    }

    @Test
    void decrypt_whenSdkRetriesEndInThrottling_isKmsThrottled() throws Exception {
        decryptFailsWith(new ClientException("SDK.RequestTryOrRetryFailed", "Some errors occurred.",
                new ClientException("Rejected.Throttling", "QPS Limit Exceeded", REQUEST_ID)));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_THROTTLED, () -> kms.decrypt(CIPHERTEXT),
                "Rejected.Throttling");
    }

    @Test
    void decrypt_whenServerUnreachable_isKmsUnavailableWithoutTheSdkMessage() throws Exception {
        String leakyUrl = "https://kms.cn-shanghai.aliyuncs.com/?SecurityToken=CAIS-secret-token&CiphertextBlob="
                + CIPHERTEXT;
        decryptFailsWith(new ClientException("SDK.ServerUnreachable",
                "Server unreachable: connection " + leakyUrl + " failed", new java.net.ConnectException()));
        VodHlsException e = assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_UNAVAILABLE,
                () -> kms.decrypt(CIPHERTEXT), "SDK.ServerUnreachable");
        assertFalse(e.getMessage().contains("CAIS-secret-token"));
    }

    @Test
    void decrypt_whenReadTimesOut_isKmsUnavailable() throws Exception {
        decryptFailsWith(new ClientException("SDK.ReadTimeout", "SocketTimeoutException has occurred",
                new SocketTimeoutException("Read timed out")));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_UNAVAILABLE, () -> kms.decrypt(CIPHERTEXT),
                "SDK.ReadTimeout");
    }

    @Test
    void decrypt_whenKmsFailsInternally_isKmsUnavailable() throws Exception {
        decryptFailsWith(new ServerException("InternalFailure", "Internal Failure.", REQUEST_ID));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_UNAVAILABLE, () -> kms.decrypt(CIPHERTEXT),
                "InternalFailure", REQUEST_ID);
    }

    @Test
    void decrypt_whenSomethingElseIsThrown_isKmsUnavailable() throws Exception {
        decryptFailsWith(new IllegalStateException("connection pool shut down " + CIPHERTEXT));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_UNAVAILABLE, () -> kms.decrypt(CIPHERTEXT),
                "IllegalStateException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidCiphertext", "Forbidden.KeyNotFound", "InvalidParameter"})
    void decrypt_whenKmsRefusesTheCiphertext_isCiphertextUnknown(String code) throws Exception {
        decryptFailsWith(new ClientException(code, "refused", REQUEST_ID, "refused", null));
        assertFailure(AccessDeniedException.class, ErrorCode.CIPHERTEXT_UNKNOWN, () -> kms.decrypt(CIPHERTEXT),
                code, REQUEST_ID);
    }

    @Test
    void decrypt_whenRefusalArrivesAsServerException_isStillCiphertextUnknown() throws Exception {
        decryptFailsWith(new ServerException("InvalidCiphertext", "The ciphertext is invalid.", REQUEST_ID));
        assertFailure(AccessDeniedException.class, ErrorCode.CIPHERTEXT_UNKNOWN, () -> kms.decrypt(CIPHERTEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Rejected.Disabled", "Rejected.PendingDeletion", "Forbidden.NoPermission",
            "InvalidAccessKeyId.NotFound", "ServiceUnavailableTemporary"})
    void decrypt_whenKeyStateOrPermissionIsWrong_isKmsUnavailableNotBlamedOnTheCaller(String code) throws Exception {
        decryptFailsWith(new ClientException(code, "no", REQUEST_ID, "no", null));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_UNAVAILABLE, () -> kms.decrypt(CIPHERTEXT),
                code);
    }

    @Test
    void generateDataKey_whenKeyIdUnknown_isKmsUnavailableNotCiphertextUnknown() throws Exception {
        decryptFailsWith(new ClientException("Forbidden.KeyNotFound", "The specified Key is not found.", REQUEST_ID));
        assertFailure(DependencyUnavailableException.class, ErrorCode.KMS_UNAVAILABLE, kms::generateDataKey,
                "Forbidden.KeyNotFound");
    }

    @Test
    void decrypt_whenKmsReturns32ByteKey_isKeyInvalidAndNeverShowsIt() throws Exception {
        byte[] wrong = new byte[32];
        Arrays.fill(wrong, (byte) 0x5a);
        String plaintext = Base64.getEncoder().encodeToString(wrong);
        DecryptResponse response = new DecryptResponse();
        response.setPlaintext(plaintext);
        response.setRequestId(REQUEST_ID);
        when(client.getAcsResponse(any(DecryptRequest.class))).thenReturn(response);

        VodHlsException e = assertFailure(InternalFailureException.class, ErrorCode.KEY_INVALID, () -> kms.decrypt(CIPHERTEXT),
                "32-byte", REQUEST_ID);
        assertFalse(e.getMessage().contains(plaintext));
        assertFalse(e.toString().contains(plaintext));
    }

    @Test
    void generateDataKey_whenKmsReturns32ByteKey_isKeyInvalidAndNeverShowsIt() throws Exception {
        String plaintext = Base64.getEncoder().encodeToString(new byte[32]);
        GenerateDataKeyResponse response = new GenerateDataKeyResponse();
        response.setCiphertextBlob(CIPHERTEXT);
        response.setPlaintext(plaintext);
        when(client.getAcsResponse(any(GenerateDataKeyRequest.class))).thenReturn(response);

        VodHlsException e = assertFailure(InternalFailureException.class, ErrorCode.KEY_INVALID, kms::generateDataKey,
                "32-byte");
        assertFalse(e.getMessage().contains(plaintext));
    }

    @Test
    void decrypt_whenPlaintextIsNotBase64_isKeyInvalid() throws Exception {
        DecryptResponse response = new DecryptResponse();
        response.setPlaintext("not base64 at all!");
        when(client.getAcsResponse(any(DecryptRequest.class))).thenReturn(response);
        VodHlsException e = assertFailure(InternalFailureException.class, ErrorCode.KEY_INVALID,
                () -> kms.decrypt(CIPHERTEXT));
        assertFalse(e.getMessage().contains("not base64 at all!"));
    }

    @Test
    void decrypt_whenPlaintextIsMissing_isKeyInvalid() throws Exception {
        when(client.getAcsResponse(any(DecryptRequest.class))).thenReturn(new DecryptResponse());
        assertFailure(InternalFailureException.class, ErrorCode.KEY_INVALID, () -> kms.decrypt(CIPHERTEXT), "no Plaintext");
    }

    @Test
    void generateDataKey_whenCiphertextBlobIsMissing_isKeyInvalid() throws Exception {
        GenerateDataKeyResponse response = new GenerateDataKeyResponse();
        response.setPlaintext(Base64.getEncoder().encodeToString(new byte[16]));
        when(client.getAcsResponse(any(GenerateDataKeyRequest.class))).thenReturn(response);
        assertFailure(InternalFailureException.class, ErrorCode.KEY_INVALID, kms::generateDataKey, "CiphertextBlob");
    }

    @Test
    void decrypt_ofCiphertextLongerThan8KiB_isMalformedAndKmsIsNotCalled() {
        String huge = "A".repeat(KmsKeyManagement.MAX_CIPHERTEXT_CHARS + 4);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> kms.decrypt(huge));
        assertEquals(ErrorCode.CIPHERTEXT_MALFORMED, e.errorCode());
        assertTrue(e.getMessage().contains(String.valueOf(KmsKeyManagement.MAX_CIPHERTEXT_CHARS)));
        assertFalse(e.getMessage().contains(huge));
        verifyNoInteractions(client);
    }

    @Test
    void decrypt_ofCiphertextOfExactly8KiB_isSentToKms() throws Exception {
        DecryptResponse response = new DecryptResponse();
        response.setPlaintext(Base64.getEncoder().encodeToString(new byte[16]));
        when(client.getAcsResponse(any(DecryptRequest.class))).thenReturn(response);
        assertEquals(16, kms.decrypt("A".repeat(KmsKeyManagement.MAX_CIPHERTEXT_CHARS)).length);
    }

    @Test
    void decrypt_ofNonBase64OrEmptyCiphertext_isMalformedAndKmsIsNotCalled() {
        for (String bad : new String[] {null, "", "abc def", "%2B%2F", "abc"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> kms.decrypt(bad));
            assertEquals(ErrorCode.CIPHERTEXT_MALFORMED, e.errorCode());
        }
        verifyNoInteractions(client);
    }

    @Test
    void decrypt_whenClientSupplierFailsWithOurException_passesItThrough() {
        KmsKeyManagement broken = new KmsKeyManagement(() -> {
            throw new io.github.vodhls.core.error.ConfigurationException("KMS_REGION", "missing");
        }, "key-1");
        VodHlsException e = assertThrows(VodHlsException.class, () -> broken.decrypt(CIPHERTEXT));
        assertInstanceOf(io.github.vodhls.core.error.ConfigurationException.class, e);
    }
}
