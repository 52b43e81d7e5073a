package io.github.vodhls.core.keys;

/**
 * Port to a key management service (Alibaba Cloud KMS in the cloud, {@code LocalKms} on one machine).
 *
 * <p>Ciphertexts are opaque base64 strings (KMS's {@code CiphertextBlob}); only the service that produced one can
 * turn it back into the data key. Implementations translate throttling, timeouts and outages into
 * {@link io.github.vodhls.core.error.DependencyUnavailableException} and a ciphertext the service does not
 * recognise into {@link io.github.vodhls.core.error.AccessDeniedException} with
 * {@link io.github.vodhls.core.error.ErrorCode#CIPHERTEXT_UNKNOWN}; they never return a guessed key.
 */
public interface KeyManagement {

    /** Generates a fresh AES-128 data key under the service key: the wrapped form plus the 16 plaintext bytes. */
    DataKey generateDataKey();

    /**
     * Generates a fresh AES-128 data key and returns only its wrapped form: for the functions that register keys
     * (VOD decrypts the ciphertext itself when it transcodes), so the plaintext never reaches them. The default asks
     * {@link #generateDataKey()} and wipes the plaintext; a service that can leave the plaintext out (KMS
     * {@code GenerateDataKeyWithoutPlaintext}) overrides it.
     */
    default String generateWrappedDataKey() {
        DataKey key = generateDataKey();
        byte[] plaintext = key.plaintext();
        java.util.Arrays.fill(plaintext, (byte) 0);
        return key.ciphertext();
    }

    /** Unwraps a ciphertext produced by {@link #generateDataKey()}; returns the plaintext key bytes. */
    byte[] decrypt(String ciphertext);
}
