package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.LimitExceededException;
import io.github.vodhls.testing.TestKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    private static LiveToken live(String id, String videoId, String device) {
        return new LiveToken(id, videoId, device, ISSUED, ISSUED.plusSeconds(3600));
    }

    @Test
    void viewerStreams_ofAViewerNeverWritten_isNoneAtVersion0() {
        ViewerStreams none = store().viewerStreams("viewer-" + newId());
        assertEquals(ViewerStreams.none(), none);
        assertEquals(0, none.version());
    }

    @Test
    void updateViewerStreams_storesEveryField_atTheNextVersion_andRefusesAStaleSuccessor() {
        TokenStore store = store();
        String viewer = "viewer-" + newId();
        ViewerStreams first = ViewerStreams.none().with(List.of(1767225600000L, 1767225600020L),
                List.of(live("t1", "video-1", null), live("t2", "video-2", "tv:living-room")));
        assertTrue(store.updateViewerStreams(viewer, first));
        ViewerStreams read = store.viewerStreams(viewer);
        assertEquals(first.atVersion(1), read);

        assertFalse(store.updateViewerStreams(viewer, first), "derived from version 0, which is gone");
        ViewerStreams second = read.with(List.of(1767225600020L), List.of(live("t3", "video-3", "phone")));
        assertTrue(store.updateViewerStreams(viewer, second));
        assertFalse(store.updateViewerStreams(viewer, second), "derived from version 1, which is gone");
        assertEquals(second.atVersion(2), store.viewerStreams(viewer));
        ViewerStreams emptied = store.viewerStreams(viewer).with(List.of(), List.of());
        assertTrue(store.updateViewerStreams(viewer, emptied));
        assertEquals(emptied.atVersion(3), store.viewerStreams(viewer));
        assertEquals(ViewerStreams.none(), store.viewerStreams("other-" + viewer), "other viewers unaffected");
    }

    @Test
    void viewerRows_areNoTokens_andTokenOperationsNeverTouchThem() {
        TokenStore store = store();
        String viewer = "viewer-" + newId();
        assertTrue(store.updateViewerStreams(viewer, ViewerStreams.none().with(List.of(1L),
                List.of(live("t1", "video-1", null)))));
        for (String id : new String[] {viewer, "viewer#" + viewer}) {
            assertEquals(TokenStanding.UNKNOWN, store.standing(id), id);
            assertEquals(ConsumeResult.Status.UNKNOWN, store.consume(id, 3).status(), id);
            assertFalse(store.revoke(id), id);
        }
        assertEquals(1, store.viewerStreams(viewer).version());
    }

    @Test
    void updateViewerStreams_when50ThreadsRaceFromOneVersion_exactlyOneWins() throws Exception {
        TokenStore store = store();
        String viewer = "viewer-" + newId();
        for (long version = 0; version < 2; version++) {
            ViewerStreams read = store.viewerStreams(viewer);
            assertEquals(version, read.version());
            List<Boolean> outcomes = race(50, i -> store.updateViewerStreams(viewer,
                    read.with(List.of((long) i), List.of(live("t" + i, "video-" + i, null)))));
            assertEquals(1, outcomes.stream().filter(Boolean::booleanValue).count(), "winners from " + version);
        }
        assertEquals(2, store.viewerStreams(viewer).version());
    }

    /** A token service over this store, for the limit races (real signing, no entitlement check). */
    private static TokenService service(TokenStore store) {
        Clock clock = Clock.fixed(ISSUED, ZoneOffset.UTC);
        TokenCodec codec = new TokenCodec(SigningKeys.parse(SigningKeys.Algorithm.HS256, "TOKEN_SIGNING_KEYS",
                List.of(TestKeys.hs256Entry("k1")), "TOKEN_VERIFICATION_KEYS", List.of()), "vod-hls-encryption",
                Duration.ofSeconds(30), 4096, clock);
        return new TokenService(codec, store, new TokenPolicy(Duration.ofHours(1), Duration.ofDays(1), 20, 1000),
                clock, new SecureRandom());
    }

    /**
     * 50 threads of one viewer, each minting a token for its own video under {@code limits}: the token ids issued,
     * and how many were refused with each code.
     */
    private static Map<Object, List<String>> mintRace(TokenStore store, String viewer, StreamLimits limits)
            throws Exception {
        TokenService service = service(store);
        List<Object[]> outcomes = race(50, i -> {
            try {
                return new Object[] {"issued", service.issue(new TokenRequest("video-" + i, viewer, null, null,
                        null).withStreamLimits(limits)).claims().tokenId()};
            } catch (LimitExceededException e) {
                return new Object[] {e.errorCode(), null};
            }
        });
        Map<Object, List<String>> byOutcome = new HashMap<>();
        outcomes.forEach(o -> byOutcome.computeIfAbsent(o[0], k -> new ArrayList<>()).add((String) o[1]));
        return byOutcome;
    }

    /** Asserts that 5 of the 50 were issued and the other 45 refused with {@code code}; the ids issued. */
    private static List<String> fiveIssuedTheRestRefused(Map<Object, List<String>> outcomes, ErrorCode code) {
        assertEquals(Set.of("issued", code), outcomes.keySet(), "outcomes " + outcomes);
        assertEquals(45, outcomes.get(code).size());
        assertEquals(5, outcomes.get("issued").size());
        return outcomes.get("issued");
    }

    /** The token ids the viewer's state counts as live. */
    private static Set<String> counted(TokenStore store, String viewer) {
        Set<String> ids = new HashSet<>();
        store.viewerStreams(viewer).live().forEach(t -> ids.add(t.tokenId()));
        return ids;
    }

    @Test
    void issue_when50ThreadsOfOneViewerRace_exactlyMaxActiveTokensSucceed_andTheRestAreTooManyStreams()
            throws Exception {
        TokenStore store = store();
        String viewer = "viewer-" + newId();
        List<String> issued = fiveIssuedTheRestRefused(mintRace(store, viewer,
                new StreamLimits(1000, 5, StreamLimits.Policy.REFUSE)), ErrorCode.TOO_MANY_STREAMS);
        assertEquals(new HashSet<>(issued), counted(store, viewer));
        issued.forEach(id -> assertEquals(TokenStanding.ACTIVE, store.standing(id)));
    }

    @Test
    void issue_when50ThreadsOfOneViewerRace_exactlyTokensPerMinuteSucceed_andTheRestAreRateLimited()
            throws Exception {
        TokenStore store = store();
        String viewer = "viewer-" + newId();
        fiveIssuedTheRestRefused(mintRace(store, viewer, new StreamLimits(5, 100, StreamLimits.Policy.REFUSE)),
                ErrorCode.RATE_LIMITED);
        assertEquals(5, store.viewerStreams(viewer).issuedAtMillis().size());
    }

    @Test
    void issue_when50ThreadsRaceUnderReplaceOldest_leavesNoLiveTokenUncounted() throws Exception {
        TokenStore store = store();
        String viewer = "viewer-" + newId();
        List<String> issued = mintRace(store, viewer, new StreamLimits(1000, 5, StreamLimits.Policy.REPLACE_OLDEST))
                .get("issued");
        assertTrue(issued.size() >= 5, "issued " + issued);
        Set<String> active = new HashSet<>();
        issued.stream().filter(id -> store.standing(id) == TokenStanding.ACTIVE).forEach(active::add);
        assertEquals(5, counted(store, viewer).size());
        assertEquals(counted(store, viewer), active, "every issued token is either counted or revoked");
    }

    /** Runs {@code task(i)} for i in 0..threads-1, all released at once; the results in order. */
    private static <T> List<T> race(int threads, java.util.function.IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
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
