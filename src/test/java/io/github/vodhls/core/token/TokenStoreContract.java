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

    // Play sessions: the session's end is checked and moved by the same write that counts the use.

    @Test
    void consume_pastExpiry_ofASessionNeverExtended_isExpired_andCountsNothing() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 3));

        assertEquals(ConsumeResult.Status.EXPIRED, store.consume(id, 3, T0.plusSeconds(700), null).status());
        assertEquals(1, store.consume(id, 3).usesAfter(), "the refused consume counted no use");
    }

    @Test
    void consume_slidesTheSession_andIsGrantedWhileActive_thenExpiredPastItsEnd() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 10));

        assertEquals(1, store.consume(id, 10, null, T0.plusSeconds(900)).usesAfter(), "within exp: no check");
        assertEquals(2, store.consume(id, 10, T0.plusSeconds(900), T0.plusSeconds(1500)).usesAfter(),
                "active at its very end");
        assertEquals(3, store.consume(id, 10, T0.plusSeconds(1400), null).usesAfter(), "the slide moved the end");
        assertEquals(ConsumeResult.Status.EXPIRED,
                store.consume(id, 10, T0.plusSeconds(1501), T0.plusSeconds(9999)).status());
        assertEquals(TokenStanding.EXPIRED, store.standing(id, T0.plusSeconds(1501)), "the refused slide wrote nothing");
        assertEquals(TokenStanding.ACTIVE, store.standing(id, T0.plusSeconds(1500)));
        assertEquals(TokenStanding.ACTIVE, store.standing(id, null));
    }

    @Test
    void consume_refusals_sayRevokedBeforeExhaustedBeforeExpired() {
        TokenStore store = store();
        String exhausted = newId();
        store.record(token(exhausted, 1));
        store.consume(exhausted, 1);
        String revoked = newId();
        store.record(token(revoked, 1));
        store.consume(revoked, 1);
        store.revoke(revoked);
        Instant late = T0.plusSeconds(5000);

        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume(exhausted, 1, late, late).status());
        assertEquals(ConsumeResult.Status.REVOKED, store.consume(revoked, 1, late, late).status());
        assertEquals(ConsumeResult.Status.UNKNOWN, store.consume(newId(), 1, late, late).status());
        assertEquals(TokenStanding.EXHAUSTED, store.extend(exhausted, 1, late, late));
        assertEquals(TokenStanding.REVOKED, store.extend(revoked, 1, late, late));
        assertEquals(TokenStanding.REVOKED, store.standing(revoked, late));
        assertEquals(TokenStanding.EXPIRED, store.standing(exhausted, late), "standing never reads the count");
    }

    @Test
    void extend_movesTheSessionsEnd_withoutSpendingAUse() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 2));

        assertEquals(TokenStanding.EXPIRED, store.extend(id, 2, T0.plusSeconds(700), T0.plusSeconds(2000)));
        assertEquals(TokenStanding.ACTIVE, store.extend(id, 2, null, T0.plusSeconds(2000)), "a refresh");
        assertEquals(TokenStanding.ACTIVE, store.extend(id, 2, T0.plusSeconds(1900), T0.plusSeconds(3000)));
        assertEquals(TokenStanding.ACTIVE, store.standing(id, T0.plusSeconds(3000)));
        assertEquals(TokenStanding.EXPIRED, store.standing(id, T0.plusSeconds(3001)));
        assertEquals(1, store.consume(id, 2, T0.plusSeconds(2500), null).usesAfter(), "no use was spent");
        assertEquals(TokenStanding.UNKNOWN, store.extend(newId(), 2, null, T0.plusSeconds(2000)));
    }

    @Test
    void revokedToken_neverSlidesAgain_whenRevokeRacesSlidingFetches() throws Exception {
        TokenStore store = store();
        String id = newId();
        int maxUses = 1000;
        store.record(token(id, maxUses));
        store.consume(id, maxUses, null, T0.plusSeconds(900));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fetchers = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger grantedAfterRevoke = new java.util.concurrent.atomic.AtomicInteger();
        try {
            for (int i = 0; i < threads; i++) {
                int n = i;
                fetchers.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 10; k++) {
                        boolean revokedBefore = revoked.get();
                        boolean granted = (n + k) % 2 == 0
                                ? store.consume(id, maxUses, T0.plusSeconds(700), T0.plusSeconds(900)).isConsumed()
                                : store.extend(id, maxUses, T0.plusSeconds(700), T0.plusSeconds(900))
                                        == TokenStanding.ACTIVE;
                        if (revokedBefore && granted) {
                            grantedAfterRevoke.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Future<?> revoker = pool.submit(() -> {
                start.await();
                assertTrue(store.revoke(id));
                revoked.set(true);
                return null;
            });
            start.countDown();
            revoker.get(60, TimeUnit.SECONDS);
            for (Future<?> f : fetchers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, grantedAfterRevoke.get(), "a fetch that began after the revocation was granted");
        assertEquals(ConsumeResult.Status.REVOKED, store.consume(id, maxUses, T0.plusSeconds(700), null).status());
        assertEquals(TokenStanding.REVOKED, store.extend(id, maxUses, null, T0.plusSeconds(5000)));
        assertEquals(TokenStanding.REVOKED, store.standing(id, null));
    }
}
