package io.github.vodhls.core.keys;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InternalFailureException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link KeyManagement#decrypt} behind a per-instance cache: KMS throttles at a few hundred QPS per region, and a
 * ciphertext's plaintext never changes. Each ciphertext is opened by the service that made it ({@link KeyServices});
 * the cache keys on both. Every key handed out is checked to be exactly 16 bytes.
 */
public final class DataKeyCache {
    /** AES-128 key length; HLS METHOD=AES-128 key files are exactly this many octets. */
    public static final int KEY_BYTES = 16;

    private final KeyServices keys;
    private final BoundedTtlCache<String, byte[]> cache;
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();

    public DataKeyCache(KeyServices keys, BoundedTtlCache<String, byte[]> cache) {
        this.keys = keys;
        this.cache = cache;
    }

    /** A cache in front of one service (KMS): every ciphertext is taken to be one it made. */
    public DataKeyCache(KeyManagement kms, BoundedTtlCache<String, byte[]> cache) {
        this(KeyServices.of(KeyService.KMS, kms), cache);
    }

    /**
     * The plaintext key of a registered ciphertext: a copy, from the cache or from the service that made it.
     * Concurrent misses of one ciphertext share a single call (a premiere's burst on a fresh instance must not trip
     * KMS throttling).
     */
    public byte[] plaintextOf(KeyService service, String ciphertext) {
        String entry = service.code() + ":" + ciphertext; // base64 has no ':'
        byte[] cached = cache.get(entry);
        if (cached != null) {
            return cached.clone();
        }
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = inFlight.putIfAbsent(entry, mine);
        if (running != null) {
            return await(running).clone();
        }
        try {
            byte[] plaintext = unwrap(service, ciphertext);
            cache.put(entry, plaintext);
            mine.complete(plaintext);
            return plaintext.clone();
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(entry, mine);
        }
    }

    private byte[] unwrap(KeyService service, String ciphertext) {
        byte[] plaintext;
        try {
            plaintext = keys.forService(service).decrypt(ciphertext);
        } catch (AccessDeniedException e) {
            // The ciphertext is the one registered for the video, so a refusal is our setup's fault (region, key,
            // permission, or the wrong service), not the viewer's: 500, logged as an error.
            throw new InternalFailureException(ErrorCode.KMS_REFUSED, service.code()
                    + " refused the video's registered ciphertext: " + e.getMessage());
        }
        if (plaintext == null || plaintext.length != KEY_BYTES) {
            throw new InternalFailureException(ErrorCode.KEY_INVALID, service.code()
                    + " returned a data key that is not " + KEY_BYTES + " bytes");
        }
        return plaintext;
    }

    private static byte[] await(CompletableFuture<byte[]> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }
}
