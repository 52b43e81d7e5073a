package io.github.vodhls.functions;

import static io.github.vodhls.functions.TestDeployment.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.memory.InMemoryCallbackDeliveries;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.video.VodCallbackSignature;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.FakeVod;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.FlakyVideoKeyRegistry;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The upload-callback function driven by the sample events under events/. */
class UploadCallbackHandlerTest {
    private static final String CALLBACK_URL = "https://callback.example.com/vod";
    private static final String PRIVATE_KEY = "fake-callback-primary-key-0000";
    private static final String VIDEO_ID = "1f2e3d4c5b6a79880f1e2d3c4b5a6978";

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final AtomicBoolean kmsDown = new AtomicBoolean();
    private final FakeKms fakeKms = new FakeKms();
    private final KeyManagement kms = new KeyManagement() {
        @Override
        public DataKey generateDataKey() {
            if (kmsDown.get()) {
                throw new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "KMS timed out");
            }
            return fakeKms.generateDataKey();
        }

        @Override
        public byte[] decrypt(String ciphertext) {
            return fakeKms.decrypt(ciphertext);
        }
    };
    private final FakeVod vod = new FakeVod();
    private final InMemoryVideoKeyRegistry registry = new InMemoryVideoKeyRegistry();
    private final FlakyVideoKeyRegistry flakyRegistry = new FlakyVideoKeyRegistry(registry);
    private final UploadCallbackHandler handler;
    private final TestContext context = new TestContext();

    UploadCallbackHandlerTest() {
        Map<String, String> env = new HashMap<>();
        env.put("DECRYPT_BASE_URL", "https://key.example.com/decrypt");
        env.put("VOD_CALLBACK_URL", CALLBACK_URL);
        env.put("VOD_CALLBACK_PRIVATE_KEY", PRIVATE_KEY);
        Backends backends = new Backends(kms, new InMemoryTokenStore(), flakyRegistry, ctx -> { })
                .withUploadCallback(vod, vod, new InMemoryCallbackDeliveries());
        handler = new UploadCallbackHandler(new FunctionGraphs(Config.from(env), clock, new SecureRandom())
                .uploadCallback(backends));
    }

    private static DependencyUnavailableException vodTimedOut() {
        return new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD SubmitTranscodeJobs timed out");
    }

    private static DependencyUnavailableException storeTimeout() {
        return new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "UpdateRow timed out");
    }

    private static String sample(String name) {
        try {
            return Files.readString(Paths.get("events", name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FcResponse call(String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FcResponse.parse(out.toByteArray());
    }

    /** The sample HTTP callback, re-signed for the given timestamp (so tests can move the clock). */
    private static String signedCallback(long timestamp, String key, String body) {
        JsonObject event = JsonParser.parseString(sample("callback-file-upload-complete.json")).getAsJsonObject();
        JsonObject headers = event.getAsJsonObject("headers");
        headers.addProperty("X-VOD-TIMESTAMP", String.valueOf(timestamp));
        headers.addProperty("X-VOD-SIGNATURE", VodCallbackSignature.sign(CALLBACK_URL, timestamp, key));
        if (body != null) {
            event.addProperty("body", body);
        }
        return event.toString();
    }

    @Test
    void sampleCallback_submitsTheEncryptedTranscodingOnce_thenAnswersDuplicate() {
        FcResponse first = call(sample("callback-file-upload-complete.json"));
        assertEquals(200, first.statusCode(), first.bodyText());
        assertEquals("submitted", first.json().get("status").getAsString());
        assertEquals(1, vod.jobs().size());
        String ciphertext = registry.find(VIDEO_ID).orElseThrow().ciphertext();
        assertTrue(vod.jobs().get(0).startsWith(VIDEO_ID + " https://key.example.com/decrypt?Ciphertext="),
                vod.jobs().get(0));
        assertTrue(vod.jobs().get(0).endsWith(java.net.URLEncoder.encode(ciphertext, StandardCharsets.UTF_8)));

        FcResponse replay = call(sample("callback-file-upload-complete.json"));
        assertEquals(200, replay.statusCode());
        assertEquals("duplicate", replay.json().get("status").getAsString());
        assertEquals(1, vod.jobs().size());
    }

    @Test
    void twentyConcurrentCopies_submitExactlyOnce_andEveryCopyIsAnsweredSubmittedDuplicateOrRetryLater()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FcResponse>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call(sample("callback-file-upload-complete.json"));
                }));
            }
            start.countDown();
            int submitted = 0;
            for (Future<FcResponse> f : results) {
                FcResponse r = f.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200 && r.json().get("status").getAsString().equals("submitted")) {
                    submitted++;
                } else if (r.statusCode() != 200) {
                    assertEquals(503, r.statusCode(), r.bodyText());
                }
            }
            assertEquals(1, submitted);
            assertEquals(1, vod.jobs().size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals("duplicate", call(sample("callback-file-upload-complete.json")).json().get("status")
                .getAsString(), "VOD's retries of the 503s end as duplicates");
    }

    @Test
    void forgedOrStaleCallbacks_areUnauthorized_andStoreNothing() {
        long now = clock.instant().getEpochSecond();
        assertError(call(signedCallback(now, "not-the-key", null)), 401, "CALLBACK_SIGNATURE_INVALID");
        assertError(call(signedCallback(now - 3600, PRIVATE_KEY, null)), 401, "CALLBACK_TIMESTAMP_STALE");
        assertFalse(registry.find(VIDEO_ID).isPresent(), "no key registered");
        assertTrue(vod.jobs().isEmpty());
    }

    /** Issue 12 §4: VOD's signature covers URL and timestamp only; a captured pair must not authorise other bodies. */
    @Test
    void capturedSignatureWithAnotherBody_isCallbackReplayed_andGeneratesAndSubmitsNothing() {
        long now = clock.instant().getEpochSecond();
        String first = signedCallback(now, PRIVATE_KEY, null);
        assertEquals("submitted", call(first).json().get("status").getAsString());

        for (String otherVideo : List.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")) {
            FcResponse replay = call(signedCallback(now, PRIVATE_KEY, "{\"EventTime\":\"2024-05-01T08:00:00Z\","
                    + "\"EventType\":\"FileUploadComplete\",\"VideoId\":\"" + otherVideo + "\",\"Status\":\"success\"}"));
            assertError(replay, 401, "CALLBACK_REPLAYED");
            assertFalse(registry.find(otherVideo).isPresent(), "no key generated for " + otherVideo);
        }
        assertEquals(1, vod.jobs().size(), vod.jobs().toString());
        assertEquals("duplicate", call(first).json().get("status").getAsString(), "the same body again is a retry");
    }

    /** A retry (same pair, same body) after a first attempt that failed must still work. */
    @Test
    void sameSignatureAndBody_afterAFailedFirstAttempt_isARetryThatSubmits() {
        long now = clock.instant().getEpochSecond();
        String callback = signedCallback(now, PRIVATE_KEY, null);
        vod.refuseSubmissions(vodTimedOut());
        assertError(call(callback), 503, "VOD_UNAVAILABLE");
        vod.refuseSubmissions(null);

        FcResponse retry = call(callback);

        assertEquals(200, retry.statusCode(), retry.bodyText());
        assertEquals("submitted", retry.json().get("status").getAsString());
        assertEquals(1, vod.jobs().size());
    }

    /**
     * Issue 12 §5: a read timeout may come after VOD accepted the job. The retry must find that job and submit
     * nothing, where releasing the claim made it submit a second, duplicate job.
     */
    @Test
    void submissionTimingOutAfterVodTookTheJob_theRetrySubmitsNothing() {
        vod.loseNextAnswer();
        FcResponse first = call(sample("callback-file-upload-complete.json"));
        assertEquals(503, first.statusCode(), first.bodyText());

        FcResponse retry = call(sample("callback-file-upload-complete.json"));

        assertEquals(200, retry.statusCode(), retry.bodyText());
        assertEquals("duplicate", retry.json().get("status").getAsString());
        assertEquals(1, vod.jobs().size(), "one job at VOD: " + vod.jobs());
    }

    /** Issue 12 §4(b): VOD is asked first; a video it does not know gets no key and no job, and the log says why. */
    @Test
    void callbackForAVideoVodDoesNotKnow_isIgnored_andTheLogLineSaysWhy() {
        vod.forget(VIDEO_ID);

        FcResponse r = call(sample("callback-file-upload-complete.json"));

        assertEquals(200, r.statusCode(), r.bodyText());
        assertEquals("ignored", r.json().get("status").getAsString());
        assertFalse(registry.find(VIDEO_ID).isPresent(), "no key generated");
        assertTrue(vod.jobs().isEmpty());
        assertEquals("VOD does not know video " + VIDEO_ID + " (InvalidVideo.NotFound): no key generated, nothing "
                + "submitted", context.lastRequestLogLine().get("message").getAsString());
    }

    /** Queue messages carry no signed header pair: the replay guard does not apply, redeliveries stay duplicates. */
    @Test
    void mnsBatch_deliveredTwice_isHandledTwiceWithoutReplayRefusal() throws IOException {
        for (int i = 0; i < 2; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(sample("mns-file-upload-complete.json")
                    .getBytes(StandardCharsets.UTF_8)), out, context);
            JsonObject result = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
            assertEquals(i == 0 ? "submitted" : "duplicate", result.getAsJsonArray("results").get(0)
                    .getAsJsonObject().get("status").getAsString());
        }
        assertEquals(2, vod.jobs().size(), "one job for each of the batch's two videos");
    }

    @Test
    void kmsFailure_answers5xxSoVodRetries_andTheRetrySucceeds() {
        kmsDown.set(true);
        FcResponse failed = call(sample("callback-file-upload-complete.json"));
        assertEquals(503, failed.statusCode(), failed.bodyText());
        assertTrue(vod.jobs().isEmpty());
        kmsDown.set(false);
        FcResponse retried = call(sample("callback-file-upload-complete.json"));
        assertEquals("submitted", retried.json().get("status").getAsString());
        assertEquals(1, vod.jobs().size());
    }

    @Test
    void jobSubmittedButNotRecorded_answersSubmitted_andTheLogLineIsAnErrorNamingEveryFailure() {
        flakyRegistry.failNextMarks(storeTimeout(), storeTimeout(), storeTimeout());

        FcResponse r = call(sample("callback-file-upload-complete.json"));

        assertEquals(200, r.statusCode(), "VOD has the job: a 5xx would make it retry and, later, submit again");
        assertEquals("submitted", r.json().get("status").getAsString());
        JsonObject line = context.lastRequestLogLine();
        assertEquals("OK", line.get("code").getAsString());
        String message = line.get("message").getAsString();
        assertTrue(message.startsWith("transcoding job job-1 of video " + VIDEO_ID + " was submitted but not "
                + "recorded (attempt 1: STORE_UNAVAILABLE: UpdateRow timed out; attempt 2:"), message);
        assertTrue(context.lines().get(context.lines().size() - 1).startsWith("ERROR "), context.logText());
    }

    @Test
    void mnsBatch_whenAJobIsNotRecorded_theInvocationSucceeds_andItsLogLineSaysSo() throws IOException {
        flakyRegistry.failNextMarks(storeTimeout(), storeTimeout(), storeTimeout());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(sample("mns-file-upload-complete.json")
                .getBytes(StandardCharsets.UTF_8)), out, context);

        JsonObject result = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("submitted", result.getAsJsonArray("results").get(0).getAsJsonObject().get("status")
                .getAsString());
        JsonObject line = context.lastRequestLogLine();
        assertEquals("OK", line.get("code").getAsString());
        assertTrue(line.get("message").getAsString().contains("was submitted but not recorded"), line.toString());
        assertTrue(context.lines().get(context.lines().size() - 1).startsWith("ERROR "), context.logText());
    }

    @Test
    void submissionAndClaimReleaseBothFail_theLogLineHasBoth() {
        vod.refuseSubmissions(vodTimedOut());
        flakyRegistry.failReleases(new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                "DeleteRow timed out"));

        assertError(call(sample("callback-file-upload-complete.json")), 503, "VOD_UNAVAILABLE");

        String message = context.lastRequestLogLine().get("message").getAsString();
        assertEquals("VOD SubmitTranscodeJobs timed out; while handling it: STORE_UNAVAILABLE: DeleteRow timed out",
                message);
    }

    @Test
    void mnsBatch_whenEveryMessageFails_theInvocationFailsWithTheFirst_andTheLogLineHasTheOthers() {
        vod.refuseSubmissions(vodTimedOut());

        assertThrows(IllegalStateException.class, () -> handler.handleRequest(new ByteArrayInputStream(
                sample("mns-file-upload-complete.json").getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), context));

        JsonObject line = context.lastRequestLogLine();
        assertEquals("VOD_UNAVAILABLE", line.get("code").getAsString());
        assertTrue(line.get("message").getAsString().matches("VOD SubmitTranscodeJobs timed out; the message for "
                + "video [0-9a-f]{32} failed too: VOD_UNAVAILABLE: VOD SubmitTranscodeJobs timed out"),
                line.toString());
    }

    @Test
    void otherEventsAndFailedUploads_areIgnored() {
        long now = clock.instant().getEpochSecond();
        FcResponse other = call(signedCallback(now, PRIVATE_KEY,
                "{\"EventTime\":\"2024-05-01T08:00:00Z\",\"EventType\":\"TranscodeComplete\",\"VideoId\":\"" + VIDEO_ID
                        + "\",\"Status\":\"success\"}"));
        assertEquals("ignored", other.json().get("status").getAsString());
        FcResponse failedUpload = call(signedCallback(now + 1, PRIVATE_KEY,
                "{\"EventTime\":\"2024-05-01T08:00:00Z\",\"EventType\":\"FileUploadComplete\",\"VideoId\":\"" + VIDEO_ID
                        + "\",\"Status\":\"fail\"}"));
        assertEquals("ignored", failedUpload.json().get("status").getAsString());
        assertTrue(vod.jobs().isEmpty());
    }

    @Test
    void malformedBody_isBadRequest() {
        assertError(call(signedCallback(clock.instant().getEpochSecond(), PRIVATE_KEY, "{not json")), 400,
                "MALFORMED_BODY");
    }

    @Test
    void mnsEnvelopeWithTwoMessages_handlesBoth() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(sample("mns-file-upload-complete.json")
                    .getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject result = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(2, result.getAsJsonArray("results").size());
        assertEquals(2, vod.jobs().size());
        assertTrue(vod.jobs().get(0).split(" ")[0].length() == 32 && !vod.jobs().get(0).split(" ")[0]
                .equals(vod.jobs().get(1).split(" ")[0]), vod.jobs().toString());
    }

    @Test
    void oversizedCallback_answers400MalformedBody_withOneRequestLogLine_likeEveryFunction() throws IOException {
        byte[] huge = new byte[FcHttpEvents.MAX_EVENT_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) 'x');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(huge), out, context);
        FcResponse r = FcResponse.parse(out.toByteArray());
        assertError(r, 400, "MALFORMED_BODY");
        assertEquals(1, context.requestLogLines().size(), context.logText());
        assertEquals("MALFORMED_BODY", context.lastRequestLogLine().get("code").getAsString());
        assertEquals(400, context.lastRequestLogLine().get("status").getAsInt());
        assertTrue(vod.jobs().isEmpty());
    }

    @Test
    void mnsBatch_whenKmsFails_failsTheInvocationSoFcRedelivers() {
        kmsDown.set(true);
        assertThrows(IllegalStateException.class, () -> handler.handleRequest(new ByteArrayInputStream(
                sample("mns-file-upload-complete.json").getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), context));
        assertTrue(context.logText().contains("KMS_UNAVAILABLE"), context.logText());
    }

    @Test
    void mnsBatch_withAMalformedMessage_handlesTheValidOneAndRejectsTheOther() {
        String batch = "[" + JsonParser.parseString(sample("mns-file-upload-complete.json")).getAsJsonArray().get(0)
                + ",{\"specversion\":\"1.0\",\"source\":\"acs:mns\",\"data\":{\"messageBody\":\"garbage\"}}]";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(batch.getBytes(StandardCharsets.UTF_8)), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject result = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("submitted", result.getAsJsonArray("results").get(0).getAsJsonObject().get("status")
                .getAsString());
        assertEquals("rejected", result.getAsJsonArray("results").get(1).getAsJsonObject().get("status")
                .getAsString());
        assertEquals(1, vod.jobs().size());
    }
}
