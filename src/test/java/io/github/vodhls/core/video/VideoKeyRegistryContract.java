package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link VideoKeyRegistry} must have. Each implementation's test extends this class. */
public abstract class VideoKeyRegistryContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A fresh, empty registry. */
    protected abstract VideoKeyRegistry registry();

    private static String videoId() {
        return "v" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void find_whenNothingRegistered_isEmpty() {
        assertFalse(registry().find(videoId()).isPresent());
    }

    @Test
    void registerIfAbsent_thenFind_returnsTheKey() {
        VideoKeyRegistry registry = registry();
        VideoKey key = new VideoKey(videoId(), "Q2lwaGVy+/=", T0);
        assertEquals(key, registry.registerIfAbsent(key));
        assertEquals(key, registry.find(key.videoId()).orElseThrow());
    }

    @Test
    void registerIfAbsent_whenAlreadyRegistered_keepsTheFirst() {
        VideoKeyRegistry registry = registry();
        String id = videoId();
        VideoKey first = new VideoKey(id, "first", T0);
        VideoKey second = new VideoKey(id, "second", T0.plusSeconds(5));
        registry.registerIfAbsent(first);
        assertEquals(first, registry.registerIfAbsent(second));
        assertEquals(first, registry.find(id).orElseThrow());
    }

    @Test
    void registerIfAbsent_when16ThreadsRace_allSeeOneWinner() throws Exception {
        VideoKeyRegistry registry = registry();
        String id = videoId();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<VideoKey>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String ciphertext = "ciphertext-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return registry.registerIfAbsent(new VideoKey(id, ciphertext, T0));
                }));
            }
            start.countDown();
            Set<String> winners = new HashSet<>();
            for (Future<VideoKey> f : results) {
                winners.add(f.get(60, TimeUnit.SECONDS).ciphertext());
            }
            assertEquals(1, winners.size(), "winners: " + winners);
            assertEquals(winners.iterator().next(), registry.find(id).orElseThrow().ciphertext());
        } finally {
            pool.shutdownNow();
        }
    }
}
