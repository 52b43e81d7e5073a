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

    /** Unwraps a ciphertext produced by {@link #generateDataKey()}; returns the plaintext key bytes. */
    byte[] decrypt(String ciphertext);
}
