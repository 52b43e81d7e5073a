package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.vod.model.v20170321.DecryptKMSDataKeyRequest;
import com.aliyuncs.vod.model.v20170321.DecryptKMSDataKeyResponse;
import com.aliyuncs.vod.model.v20170321.GenerateKMSDataKeyRequest;
import com.aliyuncs.vod.model.v20170321.GenerateKMSDataKeyResponse;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link KeyManagement} on ApsaraVideo VOD's own data-key API (API version 2017-03-21), the key flow VOD recommends
 * since its 2022 upgrade of HLS encryption: the data key is made and opened under VOD's service key, so the customer
 * needs no KMS key and grants no KMS permission ({@code vod:GenerateKMSDataKey}, {@code vod:DecryptKMSDataKey}).
 *
 * <p>{@code GenerateKMSDataKey} takes no parameter and answers {@code KeyId}, {@code CiphertextBlob} (what
 * {@code SubmitTranscodeJobs}' EncryptConfig takes as {@code CipherText}) and {@code Plaintext}, the base64 data key:
 * VOD has no operation that leaves the plaintext out, so {@link #generateWrappedDataKey()} cannot keep it off the wire
 * as KMS's {@code GenerateDataKeyWithoutPlaintext} does; it never decodes it, drops the answer's reference to it at
 * once, and returns the ciphertext only. {@code DecryptKMSDataKey(CipherText)} answers {@code KeyId} and
 * {@code Plaintext}. Requests go as HTTPS POST with JSON answers; ciphertexts and answers are checked as for KMS
 * ({@link DataKeyAnswers}). Failures are translated by {@link VodErrors}: throttling to {@code VOD_THROTTLED}, a
 * ciphertext VOD refuses to {@code CIPHERTEXT_UNKNOWN}, everything else to {@code VOD_UNAVAILABLE}; messages carry
 * the operation, VOD's code and the request id, never a key or a ciphertext.
 */
public final class VodKeyManagement implements KeyManagement {
    private static final String SERVICE = "VOD";
    private static final String GENERATE = "GenerateKMSDataKey";
    private static final String DECRYPT = "DecryptKMSDataKey";

    private final Supplier<? extends IAcsClient> client;

    /** @param client supplies the VOD client on first use (e.g. {@link AcsClients}); called on every request */
    public VodKeyManagement(Supplier<? extends IAcsClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Same as {@link #VodKeyManagement(Supplier)} with a client built already. */
    public VodKeyManagement(IAcsClient client) {
        this(constant(Objects.requireNonNull(client, "client")));
    }

    @Override
    public DataKey generateDataKey() {
        GenerateKMSDataKeyResponse response = generate();
        return DataKeyAnswers.dataKey(SERVICE, GENERATE, response.getCiphertextBlob(), response.getPlaintext(),
                response.getRequestId());
    }

    /**
     * {@code GenerateKMSDataKey}, keeping only the {@code CiphertextBlob}: the answer's {@code Plaintext} is never
     * decoded, and the answer object forgets it before anything else happens.
     */
    @Override
    public String generateWrappedDataKey() {
        GenerateKMSDataKeyResponse response = generate();
        response.setPlaintext(null);
        return DataKeyAnswers.requireCiphertext(SERVICE, GENERATE, response.getCiphertextBlob(),
                response.getRequestId());
    }

    @Override
    public byte[] decrypt(String ciphertext) {
        DataKeyAnswers.checkCiphertext(ciphertext);
        DecryptKMSDataKeyRequest request = new DecryptKMSDataKeyRequest();
        AcsClients.prepare(request);
        request.setCipherText(ciphertext);
        DecryptKMSDataKeyResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw VodErrors.translateDecrypt(DECRYPT, e);
        }
        requireResponse(DECRYPT, response);
        return DataKeyAnswers.decodeKey(SERVICE, DECRYPT, response.getPlaintext(), response.getRequestId());
    }

    @Override
    public String toString() {
        return "VodKeyManagement[VOD's service key]";
    }

    private GenerateKMSDataKeyResponse generate() {
        GenerateKMSDataKeyRequest request = new GenerateKMSDataKeyRequest();
        AcsClients.prepare(request);
        GenerateKMSDataKeyResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw VodErrors.translate(GENERATE, e);
        }
        requireResponse(GENERATE, response);
        return response;
    }

    private static void requireResponse(String operation, Object response) {
        if (response == null) {
            throw new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD " + operation
                    + " returned no response");
        }
    }

    private static Supplier<IAcsClient> constant(IAcsClient client) {
        return () -> client;
    }
}
