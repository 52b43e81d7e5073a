package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InProgressException;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.FlakyVideoKeyRegistry;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exactly-once submission, and the failures that do not change the answer but must reach the log. */
class UploadCallbackServiceTest {
    private static final String VIDEO = "v1";
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final KeyManagement kms = new FakeKms();
    private final InMemoryVideoKeyRegistry stored = new InMemoryVideoKeyRegistry();
    private final FlakyVideoKeyRegistry registry = new FlakyVideoKeyRegistry(stored);
    private final List<String> submitted = new ArrayList<>();
    private final UploadCallbackService service = new UploadCallbackService(
            new VideoKeyService(kms, registry, "https://key.example.com/decrypt", clock), registry,
            (videoId, ciphertext, decryptKeyUri) -> {
                submitted.add(videoId);
                return "job-" + submitted.size();
            }, LEASE, clock);

    private static VodEvent uploaded() {
        return new VodEvent(VodEvent.FILE_UPLOAD_COMPLETE, VIDEO, VodEvent.STATUS_SUCCESS, null, null, null, null);
    }

    private static DependencyUnavailableException storeDown(int attempt) {
        return new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "UpdateRow timed out (" + attempt + ")");
    }

    @Test
    void handle_whenEverythingWorks_submitsOnce_andHasNoProblem() {
        UploadCallbackService.Result first = service.handle(uploaded());
        assertEquals(UploadCallbackService.Outcome.SUBMITTED, first.outcome());
        assertEquals(Optional.empty(), first.problem());
        assertEquals(UploadCallbackService.Outcome.DUPLICATE, service.handle(uploaded()).outcome());
        assertEquals(List.of(VIDEO), submitted);
    }

    @Test
    void handle_whenTheJobCannotBeRecorded_isStillSubmitted_andEveryAttemptsFailureIsReported() {
        registry.failNextMarks(storeDown(1), storeDown(2), storeDown(3));

        UploadCallbackService.Result result = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.SUBMITTED, result.outcome(), "VOD has the job: no 5xx");
        assertEquals("transcoding job job-1 of video v1 was submitted but not recorded (attempt 1: STORE_UNAVAILABLE: "
                + "UpdateRow timed out (1); attempt 2: STORE_UNAVAILABLE: UpdateRow timed out (2); attempt 3: "
                + "STORE_UNAVAILABLE: UpdateRow timed out (3)); the claim expires after 60 s, and a delivery of the "
                + "event after that would submit the video again", result.problem().orElseThrow());
        assertEquals(JobRecord.State.SUBMITTING, stored.job(VIDEO).orElseThrow().state());
    }

    @Test
    void handle_whenALaterAttemptRecordsTheJob_reportsTheFailuresBeforeIt() {
        registry.failNextMarks(storeDown(1));

        UploadCallbackService.Result result = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.SUBMITTED, result.outcome());
        assertEquals("transcoding job job-1 of video v1 recorded at attempt 2 of 3 after: attempt 1: "
                + "STORE_UNAVAILABLE: UpdateRow timed out (1)", result.problem().orElseThrow());
        assertEquals(JobRecord.State.SUBMITTED, stored.job(VIDEO).orElseThrow().state());
    }

    @Test
    void handle_whenRecordingHitsABug_reportsItsClassButNeverItsMessage() {
        for (int i = 0; i < UploadCallbackService.MARK_ATTEMPTS; i++) {
            registry.failNextMarks(new IllegalStateException("payload that must not be logged"));
        }

        String problem = service.handle(uploaded()).problem().orElseThrow();

        assertTrue(problem.contains("attempt 3: INTERNAL_ERROR: java.lang.IllegalStateException"), problem);
        assertFalse(problem.contains("payload"), problem);
    }

    @Test
    void handle_whenAnotherDeliveryHoldsTheClaim_isInProgress() {
        new VideoKeyService(kms, stored, "https://key.example.com/decrypt", clock).ensureKey(VIDEO);
        assertEquals(VideoKeyRegistry.ClaimResult.CLAIMED, stored.claimSubmission(VIDEO, clock.instant(), LEASE));

        InProgressException e = assertThrows(InProgressException.class, () -> service.handle(uploaded()));

        assertEquals(ErrorCode.TRANSCODE_IN_PROGRESS, e.errorCode());
        assertTrue(submitted.isEmpty());
    }
}
