package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Pins the exact KMS requests {@link KmsKeyManagement} sends. */
class KmsKeyManagementRequestsTest {
    private static final String KEY_ID = "alias/vod-hls";
    private static final String PLAINTEXT = Base64.getEncoder().encodeToString(new byte[16]);

    private final IAcsClient client = mock(IAcsClient.class);
    private final KmsKeyManagement kms = new KmsKeyManagement(client, KEY_ID);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AcsRequest<?> onlyRequest() throws Exception {
        ArgumentCaptor<AcsRequest> captor = ArgumentCaptor.forClass(AcsRequest.class);
        verify(client, times(1)).getAcsResponse(captor.capture());
        return captor.getValue();
    }

    @Test
    void generateDataKey_sendsOneGenerateDataKeyWithKeyIdAndKeySpecAes128() throws Exception {
        GenerateDataKeyResponse response = new GenerateDataKeyResponse();
        response.setCiphertextBlob("Y2lwaGVydGV4dC1ibG9iLWZyb20ta21z");
        response.setPlaintext(PLAINTEXT);
        when(client.getAcsResponse(any(GenerateDataKeyRequest.class))).thenReturn(response);

        kms.generateDataKey();

        GenerateDataKeyRequest sent = assertInstanceOf(GenerateDataKeyRequest.class, onlyRequest());
        assertEquals("GenerateDataKey", sent.getSysActionName());
        assertEquals("2016-01-20", sent.getSysVersion());
        assertEquals(KEY_ID, sent.getKeyId());
        assertEquals("AES_128", sent.getKeySpec());
        assertNull(sent.getNumberOfBytes(), "KeySpec alone fixes the length");
        assertNull(sent.getEncryptionContext());
        assertEquals(KEY_ID, sent.getSysQueryParameters().get("KeyId"));
        assertEquals("AES_128", sent.getSysQueryParameters().get("KeySpec"));
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat());
    }

    @Test
    void generateWrappedDataKey_sendsOneGenerateDataKeyWithoutPlaintext_andNoPlaintextComesBack() throws Exception {
        com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextResponse response =
                new com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextResponse();
        response.setCiphertextBlob("Y2lwaGVydGV4dC1ibG9iLWZyb20ta21z");
        when(client.getAcsResponse(any(com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest.class)))
                .thenReturn(response);

        assertEquals("Y2lwaGVydGV4dC1ibG9iLWZyb20ta21z", kms.generateWrappedDataKey());

        com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest sent = assertInstanceOf(
                com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest.class, onlyRequest());
        assertEquals("GenerateDataKeyWithoutPlaintext", sent.getSysActionName());
        assertEquals(KEY_ID, sent.getKeyId());
        assertEquals("AES_128", sent.getKeySpec());
        assertNull(sent.getEncryptionContext(), "VOD decrypts the CipherText itself, without an encryption context");
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
    }

    @Test
    void decrypt_sendsOneDecryptWithTheCiphertextBlobUnchanged() throws Exception {
        String ciphertext = "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJm+/==";
        DecryptResponse response = new DecryptResponse();
        response.setPlaintext(PLAINTEXT);
        when(client.getAcsResponse(any(DecryptRequest.class))).thenReturn(response);

        kms.decrypt(ciphertext);

        DecryptRequest sent = assertInstanceOf(DecryptRequest.class, onlyRequest());
        assertEquals("Decrypt", sent.getSysActionName());
        assertEquals("2016-01-20", sent.getSysVersion());
        assertEquals(ciphertext, sent.getCiphertextBlob());
        assertEquals(ciphertext, sent.getSysQueryParameters().get("CiphertextBlob"));
        assertNull(sent.getEncryptionContext());
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat());
    }
}
