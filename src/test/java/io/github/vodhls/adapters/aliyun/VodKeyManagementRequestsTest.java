package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.vod.model.v20170321.DecryptKMSDataKeyRequest;
import com.aliyuncs.vod.model.v20170321.DecryptKMSDataKeyResponse;
import com.aliyuncs.vod.model.v20170321.GenerateKMSDataKeyRequest;
import com.aliyuncs.vod.model.v20170321.GenerateKMSDataKeyResponse;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InternalFailureException;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.keys.DataKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

/**
 * Pins the exact VOD data-key requests {@link VodKeyManagement} sends, how it reads their answers and how it translates
 * VOD's failures; no message carries a key or a ciphertext.
 */
class VodKeyManagementRequestsTest {
    /** The sample CiphertextBlob of VOD's GenerateKMSDataKey reference, masked part replaced. */
    private static final String CIPHERTEXT = "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJmS7FmDBBQ0BkKsQrtRnidtPwi"
            + "rmDcS0ZuJCU41xxAAWk4Z8qsADfbV0b+i6kQmlvj79dJdGOvtX69Uycs901qOjop4bTSAAAA";
    private static final byte[] KEY = "sixteen byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String PLAINTEXT = Base64.getEncoder().encodeToString(KEY);
    private static final String REQUEST_ID = "25818875-5F78-4A13-BEF6-D7393642CA58";

    private final IAcsClient client = mock(IAcsClient.class);
    private final VodKeyManagement vod = new VodKeyManagement(client);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AcsRequest<?> onlyRequest() throws Exception {
        ArgumentCaptor<AcsRequest> captor = ArgumentCaptor.forClass(AcsRequest.class);
        verify(client, times(1)).getAcsResponse(captor.capture());
        return captor.getValue();
    }

    private static GenerateKMSDataKeyResponse generated(String ciphertext, String plaintext) {
        GenerateKMSDataKeyResponse response = new GenerateKMSDataKeyResponse();
        response.setRequestId(REQUEST_ID);
        response.setKeyId("7906979c-8e06-46a2-be2d-68e3ccbc0000");
        response.setCiphertextBlob(ciphertext);
        response.setPlaintext(plaintext);
        return response;
    }

    private static DecryptKMSDataKeyResponse decrypted(String plaintext) {
        DecryptKMSDataKeyResponse response = new DecryptKMSDataKeyResponse();
        response.setRequestId(REQUEST_ID);
        response.setKeyId("202b9877-5a25-46e3-a763-e20791b50000");
        response.setPlaintext(plaintext);
        return response;
    }

    private static void assertSentLikeEveryVodCall(AcsRequest<?> sent, String action) {
        assertEquals(action, sent.getSysActionName());
        assertEquals("2017-03-21", sent.getSysVersion());
        assertEquals("vod", sent.getSysProduct());
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat());
    }

    @Test
    void generateDataKey_sendsOneGenerateKMSDataKeyWithoutParameters_andReturnsBothHalves() throws Exception {
        when(client.getAcsResponse(any(GenerateKMSDataKeyRequest.class))).thenReturn(generated(CIPHERTEXT, PLAINTEXT));

        DataKey key = vod.generateDataKey();

        assertEquals(CIPHERTEXT, key.ciphertext());
        assertArrayEquals(KEY, key.plaintext());
        GenerateKMSDataKeyRequest sent = assertInstanceOf(GenerateKMSDataKeyRequest.class, onlyRequest());
        assertSentLikeEveryVodCall(sent, "GenerateKMSDataKey");
        assertEquals(java.util.Set.of("Action", "Format", "Version"), sent.getSysQueryParameters().keySet(),
                "GenerateKMSDataKey takes no parameter of its own");
        assertTrue(sent.getSysBodyParameters().isEmpty(), String.valueOf(sent.getSysBodyParameters()));
    }

    @Test
    void generateWrappedDataKey_returnsTheCiphertext_withoutEverDecodingThePlaintext() throws Exception {
        GenerateKMSDataKeyResponse response = generated(CIPHERTEXT, "this is not base64 and never decoded!");
        when(client.getAcsResponse(any(GenerateKMSDataKeyRequest.class))).thenReturn(response);

        assertEquals(CIPHERTEXT, vod.generateWrappedDataKey());

        assertNull(response.getPlaintext(), "the answer's plaintext reference is dropped at once");
        assertSentLikeEveryVodCall(onlyRequest(), "GenerateKMSDataKey");
    }

    @Test
    void decrypt_sendsOneDecryptKMSDataKeyWithTheCiphertextAsCipherText() throws Exception {
        when(client.getAcsResponse(any(DecryptKMSDataKeyRequest.class))).thenReturn(decrypted(PLAINTEXT));

        assertArrayEquals(KEY, vod.decrypt(CIPHERTEXT));

        DecryptKMSDataKeyRequest sent = assertInstanceOf(DecryptKMSDataKeyRequest.class, onlyRequest());
        assertSentLikeEveryVodCall(sent, "DecryptKMSDataKey");
        assertEquals(CIPHERTEXT, sent.getCipherText());
        assertEquals(CIPHERTEXT, sent.getSysQueryParameters().get("CipherText"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "QUJDRA=", "QUJDRA"})
    void decrypt_ofAMalformedCiphertext_isRefusedBeforeAnyCall(String ciphertext) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vod.decrypt(ciphertext));
        assertEquals(ErrorCode.CIPHERTEXT_MALFORMED, e.errorCode());
        verifyNoInteractions(client);
    }

    @Test
    void decrypt_ofAnOverlongCiphertext_isRefusedBeforeAnyCall() {
        String huge = "A".repeat(DataKeyAnswers.MAX_CIPHERTEXT_CHARS + 4);
        assertEquals(ErrorCode.CIPHERTEXT_MALFORMED,
                assertThrows(InvalidRequestException.class, () -> vod.decrypt(huge)).errorCode());
        verifyNoInteractions(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidParameter", "InvalidCiphertext", "Forbidden.KeyNotFound"})
    void decrypt_whenVodRefusesTheCiphertext_isCiphertextUnknown(String code) throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenThrow(new ClientException(code, "refused " + CIPHERTEXT,
                REQUEST_ID));

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> vod.decrypt(CIPHERTEXT));

        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
        assertEquals("VOD DecryptKMSDataKey failed: " + code + " (request id " + REQUEST_ID + ")", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void generate_withInvalidParameter_isVodUnavailable_notCiphertextUnknown() throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenThrow(new ClientException("InvalidParameter", "x",
                REQUEST_ID));
        assertEquals(ErrorCode.VOD_UNAVAILABLE,
                assertThrows(DependencyUnavailableException.class, vod::generateWrappedDataKey).errorCode());
    }

    @Test
    void anyCall_whenThrottled_isVodThrottled_evenOnDecrypt() throws Exception {
        ClientException throttled = new ClientException("Throttling.User", "Request was denied due to user flow "
                + "control.", REQUEST_ID);
        throttled.setErrorType(ErrorType.Throttling);
        when(client.getAcsResponse(any(AcsRequest.class))).thenThrow(throttled);
        assertEquals(ErrorCode.VOD_THROTTLED,
                assertThrows(DependencyUnavailableException.class, () -> vod.decrypt(CIPHERTEXT)).errorCode());
        assertEquals(ErrorCode.VOD_THROTTLED,
                assertThrows(DependencyUnavailableException.class, vod::generateDataKey).errorCode());
    }

    @Test
    void anyCall_whenVodsServiceRoleIsMissing_orVodFails_isVodUnavailable_namingTheCode() throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class)))
                .thenThrow(new ClientException("EntityNotExist.Role", "AliyunVODDefaultRole is not authorized by your "
                        + "account.", REQUEST_ID))
                .thenThrow(new ServerException("InternalError", "The request processing has failed due to some "
                        + "unknown error.", REQUEST_ID));
        DependencyUnavailableException role = assertThrows(DependencyUnavailableException.class,
                () -> vod.decrypt(CIPHERTEXT));
        assertEquals(ErrorCode.VOD_UNAVAILABLE, role.errorCode());
        assertTrue(role.getMessage().contains("EntityNotExist.Role"), role.getMessage());
        DependencyUnavailableException server = assertThrows(DependencyUnavailableException.class,
                vod::generateDataKey);
        assertEquals(ErrorCode.VOD_UNAVAILABLE, server.errorCode());
        assertFalse(server.getMessage().contains(CIPHERTEXT));
    }

    @Test
    void answers_withAKeyThatIsNot16Bytes_orWithoutCiphertext_orWithoutAnswer_areRefused() throws Exception {
        String longKey = Base64.getEncoder().encodeToString(new byte[32]);
        when(client.getAcsResponse(any(AcsRequest.class)))
                .thenReturn(decrypted(longKey))
                .thenReturn(generated(CIPHERTEXT, longKey))
                .thenReturn(generated(null, PLAINTEXT))
                .thenReturn(null);

        VodHlsException tooLong = assertThrows(InternalFailureException.class, () -> vod.decrypt(CIPHERTEXT));
        assertEquals(ErrorCode.KEY_INVALID, tooLong.errorCode());
        assertEquals("VOD DecryptKMSDataKey (request id " + REQUEST_ID + ") returned a 32-byte key, expected 16",
                tooLong.getMessage());
        assertEquals(ErrorCode.KEY_INVALID,
                assertThrows(InternalFailureException.class, vod::generateDataKey).errorCode());
        VodHlsException noCiphertext = assertThrows(InternalFailureException.class, vod::generateWrappedDataKey);
        assertEquals("VOD GenerateKMSDataKey returned no CiphertextBlob (request id " + REQUEST_ID + ")",
                noCiphertext.getMessage());
        assertEquals(ErrorCode.VOD_UNAVAILABLE,
                assertThrows(DependencyUnavailableException.class, vod::generateWrappedDataKey).errorCode());
    }

    @Test
    void toString_namesNoKey() {
        assertEquals("VodKeyManagement[VOD's service key]", vod.toString());
    }
}
