package io.github.vodhls.adapters.local.vod;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.TranscoderContract;
import java.util.List;

/** The local stack's transcoder where ffmpeg cannot run: it takes no job, and says so as a 503 the callback retries. */
class UnavailableTranscoderTest extends TranscoderContract {
    private final UnavailableTranscoder transcoder = new UnavailableTranscoder(
            "ffmpeg cannot run on this machine (no runnable ffmpeg)");

    @Override
    protected Transcoder transcoder() {
        return transcoder;
    }

    @Override
    protected String ciphertext() {
        return "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJm+/==";
    }

    @Override
    protected List<String> jobsStarted() {
        return List.of();
    }

    @Override
    protected Transcoder unavailableTranscoder() {
        return transcoder;
    }

    @Override
    protected ErrorCode unavailableCode() {
        return ErrorCode.VOD_UNAVAILABLE;
    }

    @Override
    protected boolean acceptsJobs() {
        return false;
    }
}
