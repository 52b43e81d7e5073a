package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextResponse;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link KeyManagement} on Alibaba Cloud KMS (API version 2016-01-20, shared gateway).
 *
 * <p>{@code GenerateDataKey(KeyId, KeySpec=AES_128)} gives the EDK ({@code CiphertextBlob}, stored and published)
 * and the base64 {@code Plaintext}; {@code Decrypt(CiphertextBlob)} gives the plaintext back. Both go as HTTPS POST
 * with JSON answers ({@link DataKeyAnswers}). A plaintext that is not exactly 16 bytes is refused with
 * {@link ErrorCode#KEY_INVALID}: a wrong key must never reach a player. Ciphertexts longer than
 * {@value #MAX_CIPHERTEXT_CHARS} characters or not padded base64 are refused before any call
 * ({@link ErrorCode#CIPHERTEXT_MALFORMED}), so junk costs no KMS quota. Failures are translated by
 * {@link KmsErrors}: throttling to {@code KMS_THROTTLED}, a ciphertext KMS refuses to {@code CIPHERTEXT_UNKNOWN},
 * everything else to {@code KMS_UNAVAILABLE}.
 */
public final class KmsKeyManagement implements KeyManagement {

    /** Longest ciphertext accepted (base64 characters); real KMS data-key ciphertexts are about 100–200. */
    public static final int MAX_CIPHERTEXT_CHARS = DataKeyAnswers.MAX_CIPHERTEXT_CHARS;

    static final String KEY_SPEC = "AES_128";
    private static final String SERVICE = "KMS";

    private final Supplier<? extends IAcsClient> client;
    private final String keyId;

    /**
     * @param client supplies the KMS client on first use (e.g. {@link AcsClients}); called on every request
     * @param keyId the service key (CMK id, ARN or {@code alias/…}) data keys are generated under
     */
    public KmsKeyManagement(Supplier<? extends IAcsClient> client, String keyId) {
        this.client = Objects.requireNonNull(client, "client");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        if (keyId.trim().isEmpty()) {
            throw new IllegalArgumentException("keyId is empty");
        }
    }

    private KmsKeyManagement(Supplier<? extends IAcsClient> client) {
        this.client = Objects.requireNonNull(client, "client");
        this.keyId = null;
    }

    /**
     * For functions that only unwrap data keys (decrypt) and so need no service key id: {@link #generateDataKey()}
     * is a bug (the graph gave a decrypt-only instance to code that generates keys) and fails closed with an
     * {@link IllegalStateException}.
     */
    public static KmsKeyManagement decryptOnly(Supplier<? extends IAcsClient> client) {
        return new KmsKeyManagement(client);
    }

    /** Same as {@link #KmsKeyManagement(Supplier, String)} with a client built already. */
    public KmsKeyManagement(IAcsClient client, String keyId) {
        this(constant(Objects.requireNonNull(client, "client")), keyId);
    }

    @Override
    public DataKey generateDataKey() {
        requireKeyId();
        GenerateDataKeyRequest request = new GenerateDataKeyRequest();
        AcsClients.prepare(request);
        request.setKeyId(keyId);
        request.setKeySpec(KEY_SPEC);
        GenerateDataKeyResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw KmsErrors.translate("GenerateDataKey", e, false);
        }
        requireResponse("GenerateDataKey", response);
        return DataKeyAnswers.dataKey(SERVICE, "GenerateDataKey", response.getCiphertextBlob(),
                response.getPlaintext(), response.getRequestId());
    }

    /**
     * {@code GenerateDataKeyWithoutPlaintext(KeyId, KeySpec=AES_128)}: the ciphertext only, so the functions that
     * register keys never hold a plaintext data key (their roles need {@code kms:GenerateDataKeyWithoutPlaintext}).
     */
    @Override
    public String generateWrappedDataKey() {
        requireKeyId();
        GenerateDataKeyWithoutPlaintextRequest request = new GenerateDataKeyWithoutPlaintextRequest();
        AcsClients.prepare(request);
        request.setKeyId(keyId);
        request.setKeySpec(KEY_SPEC);
        GenerateDataKeyWithoutPlaintextResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw KmsErrors.translate("GenerateDataKeyWithoutPlaintext", e, false);
        }
        requireResponse("GenerateDataKeyWithoutPlaintext", response);
        return DataKeyAnswers.requireCiphertext(SERVICE, "GenerateDataKeyWithoutPlaintext",
                response.getCiphertextBlob(), response.getRequestId());
    }

    @Override
    public byte[] decrypt(String ciphertext) {
        DataKeyAnswers.checkCiphertext(ciphertext);
        DecryptRequest request = new DecryptRequest();
        AcsClients.prepare(request);
        request.setCiphertextBlob(ciphertext);
        DecryptResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw KmsErrors.translate("Decrypt", e, true);
        }
        requireResponse("Decrypt", response);
        return DataKeyAnswers.decodeKey(SERVICE, "Decrypt", response.getPlaintext(), response.getRequestId());
    }

    @Override
    public String toString() {
        return "KmsKeyManagement[keyId=" + keyId + "]";
    }

    /** A decrypt-only instance asked for a data key is a bug in the graph that holds it: fail closed. */
    private void requireKeyId() {
        if (keyId == null) {
            throw new IllegalStateException("this KmsKeyManagement only decrypts (no key id): data keys are generated "
                    + "by the functions that are given one");
        }
    }

    private static void requireResponse(String operation, Object response) {
        if (response == null) {
            throw new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "KMS " + operation
                    + " returned no response");
        }
    }

    private static Supplier<IAcsClient> constant(IAcsClient client) {
        return () -> client;
    }
}
