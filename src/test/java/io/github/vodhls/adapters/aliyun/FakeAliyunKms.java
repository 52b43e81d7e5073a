package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.stubbing.Answer;

/**
 * A Mockito {@link Answer} for {@code IAcsClient.getAcsResponse(request)} that behaves like KMS for GenerateDataKey and
 * Decrypt, with real crypto: data keys are random and wrapped with AES-256-GCM under a master key of the fake, with
 * the key id as associated data. {@code CiphertextBlob = base64(nonce(12) || ciphertext+tag)}.
 *
 * <p>Failures are raised as the SDK raises them: a 4xx answer becomes a {@link ClientException} carrying the KMS error
 * code and a request id ({@code InvalidParameter} for a blob that does not open, {@code Forbidden.KeyNotFound} for an
 * unknown key id); 5xx answers would be {@code ServerException}s.
 */
final class FakeAliyunKms implements Answer<AcsResponse> {
    private static final int NONCE_BYTES = 12;

    private final String keyId;
    private final SecretKey master;
    private final SecureRandom random = new SecureRandom();
    final AtomicInteger calls = new AtomicInteger();

    FakeAliyunKms(String keyId) {
        this.keyId = keyId;
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            this.master = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AcsResponse answer(InvocationOnMock invocation) throws Exception {
        calls.incrementAndGet();
        Object request = invocation.getArgument(0);
        if (request instanceof GenerateDataKeyRequest) {
            return generateDataKey((GenerateDataKeyRequest) request);
        }
        if (request instanceof com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest) {
            com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest r =
                    (com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest) request;
            GenerateDataKeyRequest same = new GenerateDataKeyRequest();
            same.setKeyId(r.getKeyId());
            same.setKeySpec(r.getKeySpec());
            GenerateDataKeyResponse full = generateDataKey(same);
            com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextResponse response =
                    new com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextResponse();
            response.setKeyId(full.getKeyId());
            response.setRequestId(full.getRequestId());
            response.setCiphertextBlob(full.getCiphertextBlob());
            return response;
        }
        if (request instanceof DecryptRequest) {
            return decrypt((DecryptRequest) request);
        }
        throw error("InvalidApiName", "The ApiName is invalid.");
    }

    private GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) throws Exception {
        if (!keyId.equals(request.getKeyId())) {
            throw error("Forbidden.KeyNotFound", "The specified Key is not found.");
        }
        if (!"AES_128".equals(request.getKeySpec())) {
            throw error("InvalidParameter", "The specified parameter is not valid.");
        }
        byte[] dataKey = new byte[16];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
        byte[] sealed = cipher.doFinal(dataKey);
        GenerateDataKeyResponse response = new GenerateDataKeyResponse();
        response.setKeyId(keyId);
        response.setRequestId(UUID.randomUUID().toString());
        response.setCiphertextBlob(Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
        response.setPlaintext(Base64.getEncoder().encodeToString(dataKey));
        return response;
    }

    private DecryptResponse decrypt(DecryptRequest request) throws Exception {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(request.getCiphertextBlob());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw error("InvalidParameter", "The specified parameter is not valid.");
        }
        if (blob.length <= NONCE_BYTES) {
            throw error("InvalidParameter", "The specified parameter is not valid.");
        }
        byte[] nonce = java.util.Arrays.copyOf(blob, NONCE_BYTES);
        byte[] plaintext;
        try {
            plaintext = cipher(Cipher.DECRYPT_MODE, nonce).doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw error("InvalidParameter", "The specified parameter is not valid.");
        }
        DecryptResponse response = new DecryptResponse();
        response.setKeyId(keyId);
        response.setRequestId(UUID.randomUUID().toString());
        response.setPlaintext(Base64.getEncoder().encodeToString(plaintext));
        return response;
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, master, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static ClientException error(String code, String message) {
        return new ClientException(code, message, UUID.randomUUID().toString(), message, null);
    }
}
