package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InProgressException;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.FakeVod;
import io.github.vodhls.testing.FlakyVideoKeyRegistry;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once submission, upload confirmation, submissions of unknown outcome and the failures that do not change the
 * answer but must reach the log.
 */
class UploadCallbackServiceTest {
    private static final String VIDEO = "v1";
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final FakeKms kms = new FakeKms();
    private final InMemoryVideoKeyRegistry stored = new InMemoryVideoKeyRegistry();
    private final FlakyVideoKeyRegistry registry = new FlakyVideoKeyRegistry(stored);
    private final FakeVod vod = new FakeVod();
    private final AtomicInteger holders = new AtomicInteger();
    private final UploadCallbackService service = service(vod);

    private UploadCallbackService service(VideoCatalog catalog) {
        return new UploadCallbackService(new VideoKeyService(kms, registry, "https://key.example.com/decrypt", clock),
                registry, vod, catalog, LEASE, clock, () -> "holder-" + holders.incrementAndGet());
    }

    private static VodEvent uploaded() {
        return uploaded(VIDEO);
    }

    private static VodEvent uploaded(String videoId) {
        return new VodEvent(VodEvent.FILE_UPLOAD_COMPLETE, videoId, VodEvent.STATUS_SUCCESS, null, null, null, null);
    }

    private static DependencyUnavailableException storeDown(int attempt) {
        return new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "UpdateRow timed out (" + attempt + ")");
    }

    private static DependencyUnavailableException vodUnavailable() {
        return new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD SubmitTranscodeJobs failed: "
                + "InvalidParameter (request id r1)");
    }

    @Test
    void handle_whenEverythingWorks_submitsOnce_andHasNoProblem() {
        UploadCallbackService.Result first = service.handle(uploaded());
        assertEquals(UploadCallbackService.Outcome.SUBMITTED, first.outcome());
        assertEquals(Optional.empty(), first.problem());
        assertEquals(UploadCallbackService.Outcome.DUPLICATE, service.handle(uploaded()).outcome());
        assertEquals(List.of(VIDEO), vod.jobVideos());
        assertEquals(JobRecord.submitted("job-1", clock.instant()), stored.job(VIDEO).orElseThrow());
    }

    @Test
    void handle_otherEventsAndFailedUploads_areIgnoredWithoutAskingVod() {
        assertEquals(UploadCallbackService.Outcome.IGNORED, service.handle(new VodEvent("TranscodeComplete", VIDEO,
                "success", null, null, null, null)).outcome());
        assertEquals(UploadCallbackService.Outcome.IGNORED, service.handle(new VodEvent(
                VodEvent.FILE_UPLOAD_COMPLETE, VIDEO, "fail", null, null, null, null)).outcome());
        assertEquals(List.of(), vod.catalogQueries());
    }

    @Test
    void handle_whenTheVideoIdIsMalformed_isRefusedBeforeVodIsAsked() {
        assertThrows(InvalidRequestException.class, () -> service.handle(uploaded("bad id/..")));
        assertEquals(List.of(), vod.catalogQueries());
    }

    /** Issue 12 §4(b): an event naming a video VOD does not know starts nothing. */
    @Test
    void handle_whenVodDoesNotKnowTheVideo_isIgnored_withNoKeyNoClaimAndNoJob() {
        vod.forget(VIDEO);

        UploadCallbackService.Result result = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.IGNORED, result.outcome());
        assertEquals("VOD does not know video v1 (InvalidVideo.NotFound): no key generated, nothing submitted",
                result.problem().orElseThrow());
        assertEquals(0, kms.generateCalls(), "no data key generated");
        assertFalse(stored.find(VIDEO).isPresent(), "no registry row");
        assertEquals(List.of(), vod.jobs());
    }

    @Test
    void handle_whenTheUploadFailed_isIgnored() {
        vod.upload(VIDEO, UploadStatus.State.FAILED);

        UploadCallbackService.Result result = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.IGNORED, result.outcome());
        assertEquals("VOD reports no completed upload for video v1 (Mezzanine.Status=FAILED): no key generated, "
                + "nothing submitted", result.problem().orElseThrow());
        assertEquals(0, kms.generateCalls());
        assertEquals(List.of(), vod.jobs());
    }

    @Test
    void handle_whenTheUploadIsStillInProgress_isUploadInProgress_soVodRetries() {
        vod.upload(VIDEO, UploadStatus.State.UPLOADING);

        InProgressException e = assertThrows(InProgressException.class, () -> service.handle(uploaded()));

        assertEquals(ErrorCode.UPLOAD_IN_PROGRESS, e.errorCode());
        assertEquals(0, kms.generateCalls());
        vod.upload(VIDEO, UploadStatus.State.COMPLETE);
        assertEquals(UploadCallbackService.Outcome.SUBMITTED, service.handle(uploaded()).outcome());
    }

    @Test
    void handle_whenVodCannotSayWhetherTheUploadExists_is503_andNothingIsGenerated() {
        vod.failCatalog(new DependencyUnavailableException(ErrorCode.VOD_THROTTLED, "VOD GetMezzanineInfo failed: "
                + "Throttling.User (request id r1)"));

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> service.handle(uploaded()));

        assertEquals(ErrorCode.VOD_THROTTLED, e.errorCode());
        assertEquals(0, kms.generateCalls());
        assertEquals(List.of(), vod.jobs());
    }

    @Test
    void handle_withoutACatalog_trustsTheEvent() {
        vod.forget(VIDEO);
        assertEquals(UploadCallbackService.Outcome.SUBMITTED, service(null).handle(uploaded()).outcome());
        assertEquals(List.of(), vod.catalogQueries());
    }

    @Test
    void handle_givesEveryClaimItsOwnHolder() {
        vod.refuseSubmissions(vodUnavailable());
        assertThrows(DependencyUnavailableException.class, () -> service.handle(uploaded()));
        vod.refuseSubmissions(null);
        vod.loseNextAnswer();
        assertThrows(DependencyUnavailableException.class, () -> service.handle(uploaded()));
        assertEquals(JobRecord.uncertain("holder-2", clock.instant()), stored.job(VIDEO).orElseThrow());
    }

    /** Issue 12 §5: a submission of unknown outcome keeps the claim; the retry finds VOD's job and submits nothing. */
    @Test
    void handle_whenTheAnswerIsLostAfterVodTookTheJob_theRetryFindsItAndSubmitsNothing() {
        vod.loseNextAnswer();
        DependencyUnavailableException lost = assertThrows(DependencyUnavailableException.class,
                () -> service.handle(uploaded()));
        assertEquals(ErrorCode.VOD_OUTCOME_UNKNOWN, lost.errorCode());
        assertEquals(JobRecord.State.UNCERTAIN, stored.job(VIDEO).orElseThrow().state(), "the claim is kept");

        clock.advance(Duration.ofSeconds(5));
        UploadCallbackService.Result retry = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.DUPLICATE, retry.outcome());
        assertEquals("found transcoding job task-of-job-1 of video v1 at the transcoder after an earlier delivery's "
                + "submission of unknown outcome: nothing submitted", retry.problem().orElseThrow());
        assertEquals(List.of(VIDEO), vod.jobVideos(), "one job at VOD");
        assertEquals(JobRecord.submitted("task-of-job-1", clock.instant()), stored.job(VIDEO).orElseThrow());
        assertEquals(UploadCallbackService.Outcome.DUPLICATE, service.handle(uploaded()).outcome());
    }

    @Test
    void handle_whenTheOutcomeWasUnknownButVodHasNoJob_theRetrySubmits() {
        vod.refuseSubmissions(new DependencyUnavailableException(ErrorCode.VOD_OUTCOME_UNKNOWN,
                "VOD SubmitTranscodeJobs failed: InternalError (request id r1); VOD may have taken the request"));
        assertThrows(DependencyUnavailableException.class, () -> service.handle(uploaded()));
        vod.refuseSubmissions(null);

        UploadCallbackService.Result retry = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.SUBMITTED, retry.outcome());
        assertEquals(Optional.empty(), retry.problem());
        assertEquals(List.of(VIDEO), vod.jobVideos());
    }

    @Test
    void handle_whenVodCertainlyRefused_releasesTheClaim_andTheRetrySubmitsWithoutALookup() {
        vod.refuseSubmissions(vodUnavailable());
        assertThrows(DependencyUnavailableException.class, () -> service.handle(uploaded()));
        assertEquals(Optional.empty(), stored.job(VIDEO), "released");
        vod.refuseSubmissions(null);
        vod.failLookups(new IllegalStateException("a released claim needs no lookup"));

        assertEquals(UploadCallbackService.Outcome.SUBMITTED, service.handle(uploaded()).outcome());
        assertEquals(List.of(VIDEO), vod.jobVideos());
    }

    @Test
    void handle_whenAnythingElseFails_countsAsUnknownOutcome() {
        vod.refuseSubmissions(new IllegalStateException("connection pool shut down"));
        assertThrows(IllegalStateException.class, () -> service.handle(uploaded()));
        assertEquals(JobRecord.State.UNCERTAIN, stored.job(VIDEO).orElseThrow().state());
    }

    @Test
    void handle_whenTheLookupFails_is503_andTheClaimStaysUncertainForTheNextDelivery() {
        vod.loseNextAnswer();
        assertThrows(DependencyUnavailableException.class, () -> service.handle(uploaded()));
        vod.failLookups(new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD ListTranscodeTask failed: "
                + "SDK.ServerUnreachable (request id none)"));

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> service.handle(uploaded()));

        assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
        assertEquals(JobRecord.State.UNCERTAIN, stored.job(VIDEO).orElseThrow().state());
        vod.failLookups(null);
        assertEquals(UploadCallbackService.Outcome.DUPLICATE, service.handle(uploaded()).outcome());
        assertEquals(List.of(VIDEO), vod.jobVideos());
    }

    /** A holder that crashed after VOD took its job: whoever takes the stale claim over asks VOD first. */
    @Test
    void handle_whenAStaleClaimIsTakenOver_asksVodFirst() {
        new VideoKeyService(kms, stored, "https://key.example.com/decrypt", clock).ensureKey(VIDEO);
        stored.claimSubmission(VIDEO, "crashed", clock.instant(), LEASE);
        vod.submitEncrypted(VIDEO, "EDK", "https://key.example.com/decrypt?Ciphertext=EDK");
        clock.advance(LEASE.plusSeconds(1));

        UploadCallbackService.Result result = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.DUPLICATE, result.outcome());
        assertEquals(1, vod.jobs().size());
        assertEquals("task-of-job-1", stored.job(VIDEO).orElseThrow().jobId());
    }

    @Test
    void handle_whenTheJobCannotBeRecorded_isStillSubmitted_andEveryAttemptsFailureIsReported() {
        registry.failNextMarks(storeDown(1), storeDown(2), storeDown(3));

        UploadCallbackService.Result result = service.handle(uploaded());

        assertEquals(UploadCallbackService.Outcome.SUBMITTED, result.outcome(), "VOD has the job: no 5xx");
        assertEquals("transcoding job job-1 of video v1 was submitted but not recorded (attempt 1: STORE_UNAVAILABLE: "
                + "UpdateRow timed out (1); attempt 2: STORE_UNAVAILABLE: UpdateRow timed out (2); attempt 3: "
                + "STORE_UNAVAILABLE: UpdateRow timed out (3)); the claim expires after 60 s, and a delivery of the "
                + "event after that asks the transcoder for the job before submitting", result.problem().orElseThrow());
        assertEquals(JobRecord.State.SUBMITTING, stored.job(VIDEO).orElseThrow().state());

        clock.advance(LEASE.plusSeconds(1));
        assertEquals(UploadCallbackService.Outcome.DUPLICATE, service.handle(uploaded()).outcome(),
                "the delivery after the lease finds the job instead of submitting again");
        assertEquals(1, vod.jobs().size());
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
        assertEquals(VideoKeyRegistry.ClaimResult.CLAIMED,
                stored.claimSubmission(VIDEO, "other", clock.instant(), LEASE));

        InProgressException e = assertThrows(InProgressException.class, () -> service.handle(uploaded()));

        assertEquals(ErrorCode.TRANSCODE_IN_PROGRESS, e.errorCode());
        assertTrue(vod.jobs().isEmpty());
    }
}
