package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link TokenStore} must have. Each implementation's test extends this class. */
public abstract class TokenStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A fresh, empty store. */
    protected abstract TokenStore store();

    protected static TokenRecord token(String id, int maxUses) {
        return new TokenRecord(id, "video-1", "user-1", maxUses, T0, T0.plusSeconds(600));
    }

    protected static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void consume_whenUnderLimit_countsUp() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 3));
        assertEquals(ConsumeResult.consumed(1).toString(), store.consume(id, 3).toString());
        assertEquals(2, store.consume(id, 3).usesAfter());
        assertEquals(3, store.consume(id, 3).usesAfter());
    }

    @Test
    void consume_whenUsesExhausted_isRefused() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 2));
        assertTrue(store.consume(id, 2).isConsumed());
        assertTrue(store.consume(id, 2).isConsumed());
        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume(id, 2).status());
        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume(id, 2).status());
    }

    @Test
    void consume_whenTokenUnknown_isUnknown() {
        assertEquals(ConsumeResult.Status.UNKNOWN, store().consume(newId(), 3).status());
    }

    @Test
    void consume_whenRevoked_isRevoked_andRevokeOfUnknownIsFalse() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 5));
        assertTrue(store.consume(id, 5).isConsumed());
        assertTrue(store.revoke(id));
        assertEquals(ConsumeResult.Status.REVOKED, store.consume(id, 5).status());
        assertFalse(store.revoke(newId()));
    }

    @Test
    void standing_followsRecordAndRevoke_andSpentUsesDoNotChangeIt() {
        TokenStore store = store();
        String id = newId();
        assertEquals(TokenStanding.UNKNOWN, store.standing(id));
        store.record(token(id, 1));
        assertEquals(TokenStanding.ACTIVE, store.standing(id));
        assertEquals(ConsumeResult.Status.CONSUMED, store.consume(id, 1).status());
        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume(id, 1).status());
        assertEquals(TokenStanding.ACTIVE, store.standing(id), "spent uses are the key fetch's business");
        assertTrue(store.revoke(id));
        assertEquals(TokenStanding.REVOKED, store.standing(id));
        assertEquals(TokenStanding.UNKNOWN, store.standing(newId()), "other tokens unaffected");
    }

    @Test
    void standing_ofAVideoRevocationsRowOrAnId_isNeverActive() {
        TokenStore store = store();
        String video = "video-" + newId();
        store.revokeVideo(video, Instant.parse("2026-01-01T00:00:00Z"));
        for (String id : new String[] {video, "video#" + video, "video:" + video}) {
            assertEquals(TokenStanding.UNKNOWN, store.standing(id), id);
        }
    }

    @Test
    void record_whenIdAlreadyRecorded_failsAndKeepsCounter() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 2));
        assertTrue(store.consume(id, 2).isConsumed());
        assertTrue(store.consume(id, 2).isConsumed());
        assertThrows(RuntimeException.class, () -> store.record(token(id, 2)));
        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume(id, 2).status());
    }

    @Test
    void revokeVideo_keepsTheLatestCutoff() {
        TokenStore store = store();
        String video = "video-" + newId();
        assertFalse(store.videoRevokedBefore(video).isPresent());
        store.revokeVideo(video, T0.plusSeconds(100));
        assertEquals(T0.plusSeconds(100), store.videoRevokedBefore(video).orElseThrow());
        store.revokeVideo(video, T0.plusSeconds(50));
        assertEquals(T0.plusSeconds(100), store.videoRevokedBefore(video).orElseThrow());
        store.revokeVideo(video, T0.plusSeconds(200));
        assertEquals(T0.plusSeconds(200), store.videoRevokedBefore(video).orElseThrow());
        assertFalse(store.videoRevokedBefore("other-" + video).isPresent());
    }

    @Test
    void consume_when64ThreadsRace_exactlyMaxUsesSucceed() throws Exception {
        TokenStore store = store();
        String id = newId();
        int maxUses = 3;
        store.record(token(id, maxUses));
        int threads = 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ConsumeResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.consume(id, maxUses);
                }));
            }
            start.countDown();
            int consumed = 0;
            int exhausted = 0;
            List<Integer> usesSeen = new ArrayList<>();
            for (Future<ConsumeResult> f : results) {
                ConsumeResult r = f.get(60, TimeUnit.SECONDS);
                if (r.isConsumed()) {
                    consumed++;
                    usesSeen.add(r.usesAfter());
                } else if (r.status() == ConsumeResult.Status.EXHAUSTED) {
                    exhausted++;
                }
            }
            assertEquals(maxUses, consumed, "successful consumes");
            assertEquals(threads - maxUses, exhausted, "exhausted consumes");
            usesSeen.sort(null);
            assertEquals(List.of(1, 2, 3), usesSeen);
        } finally {
            pool.shutdownNow();
        }
    }
}
