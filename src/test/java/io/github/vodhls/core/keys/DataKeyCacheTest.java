package io.github.vodhls.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataKeyCacheTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final FakeKms kms = new FakeKms();

    private DataKeyCache cache(int entries, Duration ttl) {
        return new DataKeyCache(kms, new BoundedTtlCache<>(entries, ttl, clock));
    }

    @Test
    void plaintextOf_secondCall_isServedFromCacheWithoutKms() {
        DataKey key = kms.generateDataKey();
        DataKeyCache cache = cache(100, Duration.ofHours(1));

        assertArrayEquals(key.plaintext(), cache.plaintextOf(KeyService.KMS, key.ciphertext()));
        assertArrayEquals(key.plaintext(), cache.plaintextOf(KeyService.KMS, key.ciphertext()));
        assertEquals(1, kms.decryptCalls());
    }

    @Test
    void plaintextOf_returnsACopySoCallersCannotCorruptTheCache() {
        DataKey key = kms.generateDataKey();
        DataKeyCache cache = cache(100, Duration.ofHours(1));
        byte[] first = cache.plaintextOf(KeyService.KMS, key.ciphertext());
        Arrays.fill(first, (byte) 0);

        assertArrayEquals(key.plaintext(), cache.plaintextOf(KeyService.KMS, key.ciphertext()));
    }

    @Test
    void plaintextOf_afterTtl_refetchesFromKms() {
        DataKey key = kms.generateDataKey();
        DataKeyCache cache = cache(100, Duration.ofSeconds(60));
        cache.plaintextOf(KeyService.KMS, key.ciphertext());
        clock.advance(Duration.ofSeconds(59));
        cache.plaintextOf(KeyService.KMS, key.ciphertext());
        assertEquals(1, kms.decryptCalls());

        clock.advance(Duration.ofSeconds(1));
        assertArrayEquals(key.plaintext(), cache.plaintextOf(KeyService.KMS, key.ciphertext()));
        assertEquals(2, kms.decryptCalls());
    }

    @Test
    void plaintextOf_beyondSizeBound_evictsAndRefetches() {
        DataKey a = kms.generateDataKey();
        DataKey b = kms.generateDataKey();
        DataKey c = kms.generateDataKey();
        DataKeyCache cache = cache(2, Duration.ofHours(1));
        cache.plaintextOf(KeyService.KMS, a.ciphertext());
        cache.plaintextOf(KeyService.KMS, b.ciphertext());
        cache.plaintextOf(KeyService.KMS, c.ciphertext()); // evicts a
        assertEquals(3, kms.decryptCalls());

        cache.plaintextOf(KeyService.KMS, c.ciphertext());
        assertEquals(3, kms.decryptCalls());
        assertArrayEquals(a.plaintext(), cache.plaintextOf(KeyService.KMS, a.ciphertext()));
        assertEquals(4, kms.decryptCalls());
    }

    @Test
    void plaintextOf_whenKmsAnswers32Bytes_isKeyInvalidAndNotCached() {
        int[] calls = {0};
        KeyManagement wrongSize = new KeyManagement() {
            @Override
            public DataKey generateDataKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] decrypt(String ciphertext) {
                calls[0]++;
                return new byte[32];
            }
        };
        DataKeyCache cache = new DataKeyCache(wrongSize, new BoundedTtlCache<>(10, Duration.ofHours(1), clock));

        VodHlsException e = assertThrows(VodHlsException.class, () -> cache.plaintextOf(KeyService.KMS, "QUJDRA=="));
        assertEquals(ErrorCode.KEY_INVALID, e.errorCode());
        assertEquals("kms returned a data key that is not 16 bytes", e.getMessage());
        assertThrows(VodHlsException.class, () -> cache.plaintextOf(KeyService.KMS, "QUJDRA=="));
        assertEquals(2, calls[0]);
    }

    @Test
    void plaintextOf_whenKmsUnavailable_propagatesAndCachesNothing() {
        DataKey key = kms.generateDataKey();
        DataKeyCache cache = cache(100, Duration.ofHours(1));
        DependencyUnavailableException down = new DependencyUnavailableException(ErrorCode.KMS_THROTTLED,
                "KMS is throttling");
        kms.failWith(down);

        assertSame(down, assertThrows(DependencyUnavailableException.class,
                () -> cache.plaintextOf(KeyService.KMS, key.ciphertext())));

        kms.failWith(null);
        assertArrayEquals(key.plaintext(), cache.plaintextOf(KeyService.KMS, key.ciphertext()));
        assertEquals(2, kms.decryptCalls());
    }

    @Test
    void plaintextOf_whenManyMissAtOnce_callsKmsOnce() throws Exception {
        DataKey key = kms.generateDataKey();
        java.util.concurrent.CountDownLatch inKms = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        KeyManagement slow = new KeyManagement() {
            @Override
            public DataKey generateDataKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] decrypt(String ciphertext) {
                calls.incrementAndGet();
                inKms.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return kms.decrypt(ciphertext);
            }
        };
        DataKeyCache cache = new DataKeyCache(slow, new BoundedTtlCache<>(100, Duration.ofHours(1), clock));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> cache.plaintextOf(KeyService.KMS, key.ciphertext())));
            }
            inKms.await();
            Thread.sleep(100); // let the other fifteen arrive while the first is inside KMS
            release.countDown();
            for (java.util.concurrent.Future<byte[]> result : results) {
                assertArrayEquals(key.plaintext(), result.get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, calls.get(), "concurrent misses share one KMS call");
    }

    @Test
    void plaintextOf_whenKmsRefusesTheRegisteredCiphertext_isAServerSideFault() {
        KeyManagement refusing = new KeyManagement() {
            @Override
            public DataKey generateDataKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] decrypt(String ciphertext) {
                throw new io.github.vodhls.core.error.AccessDeniedException(ErrorCode.CIPHERTEXT_UNKNOWN,
                        "KMS Decrypt refused the ciphertext (Forbidden.KeyNotFound)");
            }
        };
        DataKeyCache cache = new DataKeyCache(refusing, new BoundedTtlCache<>(100, Duration.ofHours(1), clock));
        VodHlsException e = assertThrows(VodHlsException.class, () -> cache.plaintextOf(KeyService.KMS, "QUJDRA=="));
        assertEquals(ErrorCode.KMS_REFUSED, e.errorCode());
    }

    @Test
    void plaintextOf_opensEachCiphertextWithTheServiceThatMadeIt_andBuildsTheOtherOnlyWhenNeeded() {
        FakeKms vod = new FakeKms();
        java.util.concurrent.atomic.AtomicInteger vodBuilt = new java.util.concurrent.atomic.AtomicInteger();
        KeyServices keys = new KeyServices(KeyService.KMS, java.util.Map.of(KeyService.KMS, () -> kms,
                KeyService.VOD, () -> {
                    vodBuilt.incrementAndGet();
                    return vod;
                }));
        DataKeyCache cache = new DataKeyCache(keys, new BoundedTtlCache<>(100, Duration.ofHours(1), clock));
        DataKey kmsKey = kms.generateDataKey();
        DataKey vodKey = vod.generateDataKey();

        assertArrayEquals(kmsKey.plaintext(), cache.plaintextOf(KeyService.KMS, kmsKey.ciphertext()));
        assertEquals(0, vodBuilt.get(), "a function that only meets KMS keys never builds the VOD adapter");
        assertArrayEquals(vodKey.plaintext(), cache.plaintextOf(KeyService.VOD, vodKey.ciphertext()));
        assertArrayEquals(vodKey.plaintext(), cache.plaintextOf(KeyService.VOD, vodKey.ciphertext()));
        assertEquals(1, vodBuilt.get());
        assertEquals(1, vod.decryptCalls(), "cached per service and ciphertext");

        VodHlsException wrongService = assertThrows(VodHlsException.class,
                () -> cache.plaintextOf(KeyService.KMS, vodKey.ciphertext()));
        assertEquals(ErrorCode.KMS_REFUSED, wrongService.errorCode(), "a key never opens through another service");
        assertEquals("kms refused the video's registered ciphertext: ciphertext is not recognised", wrongService.getMessage());
    }

    @Test
    void plaintextOf_ofAServiceTheFunctionCannotReach_isAConfigurationFault() {
        DataKeyCache cache = cache(10, Duration.ofHours(1));
        io.github.vodhls.core.error.ConfigurationException e = assertThrows(
                io.github.vodhls.core.error.ConfigurationException.class,
                () -> cache.plaintextOf(KeyService.VOD, "QUJDRA=="));
        assertEquals("KEY_SERVICE", e.variable());
        assertEquals(0, kms.decryptCalls());
    }
}
