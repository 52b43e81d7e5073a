package io.github.vodhls.adapters.local.vod;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.TranscoderContract;
import io.github.vodhls.testing.FakeKms;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FfmpegTranscoder}'s submission, without a real transcode: jobs run at once on the calling thread and start
 * by asking for the upload's source, which is how this test sees which videos got a job; with no source the job ends
 * Failed before ffmpeg would run. The full path (ffmpeg writing AES-128 HLS that decrypts with the data key) is
 * {@link FfmpegTranscoderTest}'s, and the local stack's end to end run is {@code LocalPipelineTest}'s. The key
 * service is a {@link FakeKms}, which unwraps for real and can be made unavailable.
 */
class FfmpegTranscoderContractTest extends TranscoderContract {
    @TempDir
    Path dataDir;

    private final FakeKms kms = new FakeKms();
    private final List<String> jobs = Collections.synchronizedList(new ArrayList<>());
    private final Executor direct = Runnable::run;
    private LocalVideos videos;

    @BeforeEach
    void setUp() {
        videos = new LocalVideos(dataDir);
    }

    private FfmpegTranscoder transcoder(FakeKms keys) {
        return new FfmpegTranscoder(keys, dataDir.resolve("media"), direct, videos, videoId -> {
            jobs.add(videoId);
            return null;
        }, Paths.get("ffmpeg-is-not-run-by-this-test"));
    }

    @Override
    protected Transcoder transcoder() {
        return transcoder(kms);
    }

    @Override
    protected String ciphertext() {
        return kms.generateDataKey().ciphertext();
    }

    @Override
    protected List<String> jobsStarted() {
        synchronized (jobs) {
            return new ArrayList<>(jobs);
        }
    }

    /** The local KMS cannot unwrap the data key now (as VOD needs KMS to). */
    @Override
    protected Transcoder unavailableTranscoder() {
        FakeKms down = new FakeKms();
        down.failWith(new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "local KMS unavailable"));
        return transcoder(down);
    }

    @Override
    protected ErrorCode unavailableCode() {
        return ErrorCode.KMS_UNAVAILABLE;
    }
}
