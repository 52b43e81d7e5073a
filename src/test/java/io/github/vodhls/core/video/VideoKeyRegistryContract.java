package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.video.VideoKeyRegistry.ClaimResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link VideoKeyRegistry} must have. Each implementation's test extends this class. */
public abstract class VideoKeyRegistryContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

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
    void registerIfAbsent_keepsTheServiceThatMadeEachKey() {
        VideoKeyRegistry registry = registry();
        VideoKey byVod = new VideoKey(videoId(), "dm9kLWtleQ==", KeyService.VOD, T0);
        VideoKey byKms = new VideoKey(videoId(), "a21zLWtleQ==", KeyService.KMS, T0);
        registry.registerIfAbsent(byVod);
        registry.registerIfAbsent(byKms);
        assertEquals(byVod, registry.find(byVod.videoId()).orElseThrow());
        assertEquals(KeyService.VOD, registry.find(byVod.videoId()).orElseThrow().keyService());
        assertEquals(KeyService.KMS, registry.find(byKms.videoId()).orElseThrow().keyService());
        assertEquals(byVod, registry.registerIfAbsent(new VideoKey(byVod.videoId(), "b3RoZXI=", KeyService.KMS,
                T0.plusSeconds(1))), "a later registration by the other service changes nothing");
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

    /** A registry with {@code videoId} registered. */
    private VideoKeyRegistry registered(String videoId) {
        VideoKeyRegistry registry = registry();
        registry.registerIfAbsent(new VideoKey(videoId, "EDK", T0));
        return registry;
    }

    private static final String A = "holder-a";
    private static final String B = "holder-b";
    private static final String C = "holder-c";

    @Test
    void claimSubmission_whenVideoNotRegistered_throwsAndRecordsNothing() {
        VideoKeyRegistry registry = registry();
        String id = videoId();
        assertThrows(IllegalStateException.class, () -> registry.claimSubmission(id, A, T0, LEASE));
        assertEquals(Optional.empty(), registry.job(id));
        assertFalse(registry.find(id).isPresent());
    }

    @Test
    void job_whenRegisteredButNeverClaimed_isEmpty() {
        String id = videoId();
        assertEquals(Optional.empty(), registered(id).job(id));
    }

    @Test
    void claimSubmission_first_isClaimedAndSecondIsInProgress() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission(id, A, T0, LEASE));
        assertEquals(ClaimResult.IN_PROGRESS, registry.claimSubmission(id, B, T0.plusSeconds(1), LEASE));
        assertEquals(JobRecord.submitting(A, T0), registry.job(id).orElseThrow());
    }

    @Test
    void claimSubmission_afterMarkSubmitted_isAlreadySubmittedForever() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.markSubmitted(id, A, "job-1", T0.plusSeconds(1));
        assertEquals(JobRecord.submitted("job-1", T0.plusSeconds(1)), registry.job(id).orElseThrow());
        assertEquals(ClaimResult.ALREADY_SUBMITTED, registry.claimSubmission(id, B, T0.plusSeconds(2), LEASE));
        assertEquals(ClaimResult.ALREADY_SUBMITTED,
                registry.claimSubmission(id, B, T0.plus(Duration.ofDays(400)), LEASE));
        registry.releaseClaim(id, A);
        registry.markUncertain(id, A, T0.plusSeconds(3));
        assertEquals(ClaimResult.ALREADY_SUBMITTED, registry.claimSubmission(id, B, T0.plusSeconds(3), LEASE));
        assertEquals(JobRecord.submitted("job-1", T0.plusSeconds(1)), registry.job(id).orElseThrow());
    }

    @Test
    void markSubmitted_whenRepeatedWithTheSameJob_changesNothing() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.markSubmitted(id, A, "job-1", T0.plusSeconds(1));
        registry.markSubmitted(id, A, "job-1", T0.plusSeconds(9));
        assertEquals(JobRecord.submitted("job-1", T0.plusSeconds(1)), registry.job(id).orElseThrow());
    }

    @Test
    void markSubmitted_whenAnotherJobIsRecorded_throwsAndKeepsTheFirst() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.markSubmitted(id, A, "job-1", T0.plusSeconds(1));
        assertThrows(IllegalStateException.class, () -> registry.markSubmitted(id, A, "job-2", T0.plusSeconds(2)));
        assertEquals(JobRecord.submitted("job-1", T0.plusSeconds(1)), registry.job(id).orElseThrow());
    }

    @Test
    void markSubmitted_whenNoClaimHeld_throwsAndRecordsNothing() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        assertThrows(IllegalStateException.class, () -> registry.markSubmitted(id, A, "job-1", T0));
        assertEquals(Optional.empty(), registry.job(id));
    }

    @Test
    void markSubmitted_byAnotherThanTheHolder_throwsAndKeepsTheClaim() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.markSubmitted(id, B, "job-b", T0.plusSeconds(1)));
        assertFalse(e.getMessage().contains(A), "holder ids stay out of messages: " + e.getMessage());
        assertEquals(JobRecord.submitting(A, T0), registry.job(id).orElseThrow());
    }

    @Test
    void releaseClaim_afterFailedSubmission_letsTheRetryClaim() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.releaseClaim(id, A);
        assertEquals(Optional.empty(), registry.job(id));
        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission(id, B, T0.plusSeconds(5), LEASE));
        assertEquals(JobRecord.submitting(B, T0.plusSeconds(5)), registry.job(id).orElseThrow());
    }

    @Test
    void releaseClaim_whenNothingClaimedOrNotRegistered_doesNothing() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.releaseClaim(id, A);
        registry.releaseClaim(videoId(), A);
        registry.markUncertain(id, A, T0);
        registry.markUncertain(videoId(), A, T0);
        assertEquals(Optional.empty(), registry.job(id));
        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission(id, A, T0, LEASE));
    }

    @Test
    void markUncertain_keepsTheClaim_andTheNextCallerTakesItOverAtOnce() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.markUncertain(id, A, T0.plusSeconds(3));
        assertEquals(JobRecord.uncertain(A, T0.plusSeconds(3)), registry.job(id).orElseThrow());
        registry.releaseClaim(id, A);
        assertEquals(JobRecord.uncertain(A, T0.plusSeconds(3)), registry.job(id).orElseThrow(),
                "an uncertain claim is not released: the job may exist");
        assertThrows(IllegalStateException.class, () -> registry.markSubmitted(id, A, "job-a", T0.plusSeconds(4)));

        assertEquals(ClaimResult.TAKEN_OVER, registry.claimSubmission(id, B, T0.plusSeconds(5), LEASE),
                "well within the lease: an uncertain claim is nobody's");
        assertEquals(JobRecord.submitting(B, T0.plusSeconds(5)), registry.job(id).orElseThrow());
        assertEquals(ClaimResult.IN_PROGRESS, registry.claimSubmission(id, C, T0.plusSeconds(6), LEASE));
        registry.markSubmitted(id, B, "job-found", T0.plusSeconds(7));
        assertEquals(ClaimResult.ALREADY_SUBMITTED, registry.claimSubmission(id, C, T0.plusSeconds(8), LEASE));
    }

    @Test
    void markUncertain_byAnotherThanTheHolder_changesNothing() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.markUncertain(id, B, T0.plusSeconds(1));
        registry.releaseClaim(id, B);
        assertEquals(JobRecord.submitting(A, T0), registry.job(id).orElseThrow());
    }

    @Test
    void claimSubmission_whenClaimOlderThanLease_takesItOver() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        assertEquals(ClaimResult.IN_PROGRESS, registry.claimSubmission(id, B, T0.plus(LEASE), LEASE),
                "a claim exactly as old as the lease is still live");
        Instant later = T0.plus(LEASE).plusSeconds(1);
        assertEquals(ClaimResult.TAKEN_OVER, registry.claimSubmission(id, B, later, LEASE));
        assertEquals(JobRecord.submitting(B, later), registry.job(id).orElseThrow());
        assertEquals(ClaimResult.IN_PROGRESS, registry.claimSubmission(id, C, later.plusSeconds(1), LEASE));
        registry.markSubmitted(id, B, "job-2", later.plusSeconds(2));
        assertEquals(ClaimResult.ALREADY_SUBMITTED, registry.claimSubmission(id, C, later.plusSeconds(3), LEASE));
    }

    /**
     * Issue 12 §5: a holder that stalled past its lease, whose claim was taken over, must not release, mark uncertain
     * or overwrite the new holder's claim.
     */
    @Test
    void staleHolder_afterTakeover_cannotReleaseOrMarkTheNewHoldersClaim() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        Instant later = T0.plus(LEASE).plusSeconds(1);
        assertEquals(ClaimResult.TAKEN_OVER, registry.claimSubmission(id, B, later, LEASE));

        registry.releaseClaim(id, A); // the stale first holder, after a failed submission
        registry.markUncertain(id, A, later.plusSeconds(1));
        assertThrows(IllegalStateException.class, () -> registry.markSubmitted(id, A, "job-a", later.plusSeconds(1)));

        assertEquals(JobRecord.submitting(B, later), registry.job(id).orElseThrow(), "the new holder's claim stands");
        assertEquals(ClaimResult.IN_PROGRESS, registry.claimSubmission(id, C, later.plusSeconds(1), LEASE));
        registry.markSubmitted(id, B, "job-b", later.plusSeconds(2));
        assertEquals(JobRecord.submitted("job-b", later.plusSeconds(2)), registry.job(id).orElseThrow());
    }

    @Test
    void claimSubmission_whenLeaseNotPositive_throws() {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        assertThrows(IllegalArgumentException.class, () -> registry.claimSubmission(id, A, T0, Duration.ZERO));
        assertEquals(Optional.empty(), registry.job(id));
    }

    @Test
    void claimSubmission_when20ThreadsRace_exactlyOneClaims() throws Exception {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        assertEquals(Map.of(ClaimResult.CLAIMED, 1L, ClaimResult.IN_PROGRESS, 19L), race(registry, id, T0, 20));
        assertEquals(JobRecord.State.SUBMITTING, registry.job(id).orElseThrow().state());
    }

    @Test
    void claimSubmission_when20ThreadsRaceForAnUncertainClaim_exactlyOneTakesItOver() throws Exception {
        String id = videoId();
        VideoKeyRegistry registry = registered(id);
        registry.claimSubmission(id, A, T0, LEASE);
        registry.markUncertain(id, A, T0);
        assertEquals(Map.of(ClaimResult.TAKEN_OVER, 1L, ClaimResult.IN_PROGRESS, 19L),
                race(registry, id, T0.plusSeconds(1), 20));
        assertEquals(JobRecord.State.SUBMITTING, registry.job(id).orElseThrow().state());
    }

    /** {@code threads} callers, each its own holder, claim at once; the count of each result. */
    private static Map<ClaimResult, Long> race(VideoKeyRegistry registry, String id, Instant now, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ClaimResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String holder = "holder-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return registry.claimSubmission(id, holder, now, LEASE);
                }));
            }
            start.countDown();
            List<ClaimResult> outcomes = new ArrayList<>();
            for (Future<ClaimResult> f : results) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }
}
