package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vodhls.core.video.UploadStatus;
import io.github.vodhls.core.video.VideoCatalog;
import io.github.vodhls.core.video.VideoCatalogContract;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local VOD emulation as the local stack's {@link VideoCatalog}: it knows the uploads it stored. */
class LocalVodCatalogTest extends VideoCatalogContract {
    @TempDir
    Path dataDir;

    private LocalVod vod;

    @BeforeEach
    void setUp() {
        vod = new LocalVod(dataDir, new LocalVideos(dataDir), "http://127.0.0.1:9/callback", "key",
                HttpClient.newHttpClient(), command -> { }, Clock.systemUTC(), new SecureRandom(), Duration.ZERO);
    }

    @Override
    protected VideoCatalog catalog() {
        return vod;
    }

    @Override
    protected String uploadedVideo() {
        return vod.upload(new ByteArrayInputStream("source".getBytes(StandardCharsets.UTF_8)), "clip.mp4");
    }

    /** The emulation runs in the same process: it always answers. */
    @Override
    protected VideoCatalog unavailableCatalog() {
        return null;
    }

    @Test
    void uploadStatus_ofAnUploadWhoseSourceIsGone_isFailed() throws Exception {
        String video = uploadedVideo();
        Path source = vod.sourceOf(video);
        Files.delete(source);
        assertEquals(UploadStatus.State.FAILED, vod.uploadStatus(video).state());
    }

    @Test
    void uploadStatus_ofAMalformedId_isUnknownVideo() {
        assertEquals(UploadStatus.State.UNKNOWN_VIDEO, vod.uploadStatus("../etc").state());
        assertEquals(UploadStatus.State.UNKNOWN_VIDEO, vod.uploadStatus(null).state());
    }
}
