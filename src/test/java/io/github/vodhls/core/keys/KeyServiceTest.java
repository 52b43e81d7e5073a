package io.github.vodhls.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.testing.FakeKms;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link KeyService}'s stored spelling, and {@link KeyServices}' one adapter per service, built on first use. */
class KeyServiceTest {

    @Test
    void fromStored_readsBothSpellings_andAMissingValueIsKms() {
        assertSame(KeyService.KMS, KeyService.fromStored("kms"));
        assertSame(KeyService.VOD, KeyService.fromStored("vod"));
        assertSame(KeyService.KMS, KeyService.fromStored(null), "rows from before the registry kept the service");
        assertSame(KeyService.KMS, KeyService.fromStored(""));
        assertEquals("vod", KeyService.VOD.code());
    }

    @Test
    void fromStored_ofAnyOtherValue_isRefused_neverGuessed() {
        for (String value : List.of("VOD", "Kms", "hsm", " vod")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyService.fromStored(value), value);
            assertTrue(e.getMessage().contains("kms, vod"), e.getMessage());
        }
    }

    @Test
    void keyServices_buildEachAdapterOnce_onFirstUse_evenUnderConcurrentFirstCalls() throws Exception {
        AtomicInteger vodBuilt = new AtomicInteger();
        FakeKms vod = new FakeKms();
        Supplier<KeyManagement> vodFactory = () -> {
            vodBuilt.incrementAndGet();
            return vod;
        };
        KeyServices keys = new KeyServices(KeyService.KMS, Map.of(KeyService.KMS, FakeKms::new,
                KeyService.VOD, vodFactory));
        assertFalse(keys.isBuilt(KeyService.VOD));
        assertFalse(keys.isBuilt(KeyService.KMS));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<KeyManagement>> got = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                got.add(pool.submit(() -> keys.forService(KeyService.VOD)));
            }
            for (Future<KeyManagement> f : got) {
                assertSame(vod, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, vodBuilt.get());
        assertTrue(keys.isBuilt(KeyService.VOD));
        assertFalse(keys.isBuilt(KeyService.KMS), "the generating service is not built by asking for another");
        assertSame(KeyService.KMS, keys.generating());
    }

    @Test
    void keyServices_needAnAdapterForTheGeneratingService() {
        FakeKms kms = new FakeKms();
        assertThrows(IllegalArgumentException.class,
                () -> new KeyServices(KeyService.VOD, Map.of(KeyService.KMS, () -> kms)));
        assertSame(kms, KeyServices.of(KeyService.VOD, kms).generator());
    }
}
