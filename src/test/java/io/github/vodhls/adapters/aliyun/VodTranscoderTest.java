package io.github.vodhls.adapters.aliyun;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.TranscoderContract;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

    /** VOD answers the next submission with 503 ServiceUnavailable. */
    @Override
    protected Transcoder unavailableTranscoder() {
        vod.failNext(503, "ServiceUnavailable");
        return transcoder();
    }

    @Override
    protected ErrorCode unavailableCode() {
        return ErrorCode.VOD_UNAVAILABLE;
    }
}
