package io.github.vodhls.core.keys;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;

/**
 * {@link KeyManagement#decrypt} behind a per-instance cache: KMS throttles at a few hundred QPS per region, and a
 * ciphertext's plaintext never changes. Every key handed out is checked to be exactly 16 bytes.
 */
public final class DataKeyCache {
    /** AES-128 key length; HLS METHOD=AES-128 key files are exactly this many octets. */
    public static final int KEY_BYTES = 16;

    private final KeyManagement kms;
    private final BoundedTtlCache<String, byte[]> cache;

    public DataKeyCache(KeyManagement kms, BoundedTtlCache<String, byte[]> cache) {
        this.kms = kms;
        this.cache = cache;
    }

    /** The plaintext key of a (normalised) ciphertext: a copy, from the cache or from KMS. */
    public byte[] plaintextOf(String ciphertext) {
        byte[] key = cache.computeIfAbsent(ciphertext, ct -> {
            byte[] plaintext = kms.decrypt(ct);
            if (plaintext == null || plaintext.length != KEY_BYTES) {
                throw new VodHlsException(ErrorCode.KEY_INVALID, "KMS returned a data key that is not "
                        + KEY_BYTES + " bytes");
            }
            return plaintext;
        });
        return key.clone();
    }
}
