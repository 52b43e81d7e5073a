package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.TranscoderContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VodTranscoder} with the real SDK client against {@link LoopbackVod} on 127.0.0.1 (TLS, signature and STS
 * credentials checked): a job is a {@code SubmitTranscodeJobs} the stand-in accepted. The exact request and the
 * translation of each VOD error are pinned by {@link VodTranscoderRequestsTest} and {@link VodTranscoderErrorsTest}.
 */
class VodTranscoderTest extends TranscoderContract {
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("STS.vod", "vod-secret", "vod-token");

    @TempDir
    static Path certificateDir;
    private static LoopbackVod vod;
    private int callsBefore;

    @BeforeAll
    static void startVod() throws Exception {
        vod = LoopbackVod.start(certificateDir, "STS.vod", "vod-secret", "vod-token");
    }

    @AfterAll
    static void stopVod() {
        vod.close();
    }

    @BeforeEach
    void markCalls() {
        callsBefore = vod.calls().size();
    }

    @Override
    protected Transcoder transcoder() {
        return new VodTranscoder(vod.clients(CREDENTIALS), "tg-encrypted");
    }

    @Override
    protected String ciphertext() {
        return "ODZhOWVmZDkt+M2QxNi00/ODk0LWJkNGYtMWZjNDNmM2YyYWJm+/==";
    }

    @Override
    protected List<String> jobsStarted() {
        List<LoopbackVod.Call> calls = vod.calls();
        return calls.subList(callsBefore, calls.size()).stream()
                .filter(call -> call.status == 200 && "SubmitTranscodeJobs".equals(call.params.get("Action")))
                .map(call -> call.params.get("VideoId"))
                .collect(Collectors.toList());
    }

    /**
     * VOD refuses the next submission for load (429 Throttling.User): certainly not taken. (A 5xx answer would be
     * VOD_OUTCOME_UNKNOWN: the job may exist; {@link VodTranscoderErrorsTest} pins each case.)
     */
    @Override
    protected Transcoder unavailableTranscoder() {
        vod.failNext(429, "Throttling.User");
        return transcoder();
    }

    @Override
    protected ErrorCode unavailableCode() {
        return ErrorCode.VOD_THROTTLED;
    }

    @Test
    void findSubmitted_ignoresTheUploadWorkflowsOwnTask() {
        String video = newVideoId();
        vod.autoTask(video, "tg-encrypted");
        assertEquals(Optional.empty(), transcoder().findSubmitted(video));
    }

    /** Issue 12 §5 over the wire: VOD took the job, the answer was lost; the lookup finds the job. */
    @Test
    void submitEncrypted_whenTheAnswerIsLost_isOutcomeUnknown_andFindSubmittedFindsTheJob() {
        String video = newVideoId();
        // The SDK's HTTP client is JVM-wide and keeps the timeouts of the first client built: start a fresh one.
        LoopbackTls.closeSdkHttpClient();
        Transcoder slow = new VodTranscoder(vod.clients(CREDENTIALS, 500), "tg-encrypted");
        vod.stallNextAnswer(1500);
        DependencyUnavailableException e;
        try {
            e = assertThrows(DependencyUnavailableException.class,
                    () -> slow.submitEncrypted(video, ciphertext(), keyUriFor(ciphertext())));
        } finally {
            LoopbackTls.closeSdkHttpClient();
        }

        assertEquals(ErrorCode.VOD_OUTCOME_UNKNOWN, e.errorCode());
        assertTrue(e.getMessage().contains("SDK.ReadTimeout"), e.getMessage());
        assertTrue(transcoder().findSubmitted(video).orElseThrow().startsWith("task-"));
    }
}
