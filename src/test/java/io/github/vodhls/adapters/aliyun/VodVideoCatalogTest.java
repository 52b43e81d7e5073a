package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.vodhls.core.video.UploadStatus;
import io.github.vodhls.core.video.VideoCatalog;
import io.github.vodhls.core.video.VideoCatalogContract;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VodVideoCatalog} with the real SDK client against {@link LoopbackVod} (TLS, signature and STS credentials
 * checked): GetMezzanineInfo's {@code Mezzanine.Status} and its 404 read back. The exact request is pinned by
 * {@link VodVideoCatalogRequestsTest}.
 */
class VodVideoCatalogTest extends VideoCatalogContract {
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("STS.vod", "vod-secret", "vod-token");

    @TempDir
    static Path certificateDir;
    private static LoopbackVod vod;

    @BeforeAll
    static void startVod() throws Exception {
        vod = LoopbackVod.start(certificateDir, "STS.vod", "vod-secret", "vod-token");
    }

    @AfterAll
    static void stopVod() {
        vod.close();
    }

    private static String video(String mezzanineStatus) {
        String id = UUID.randomUUID().toString().replace("-", "");
        vod.uploaded(id, mezzanineStatus);
        return id;
    }

    @Override
    protected VideoCatalog catalog() {
        return new VodVideoCatalog(vod.clients(CREDENTIALS));
    }

    @Override
    protected String uploadedVideo() {
        return video("Normal");
    }

    /** VOD answers the next question with 503 ServiceUnavailable. */
    @Override
    protected VideoCatalog unavailableCatalog() {
        vod.failNext(503, "ServiceUnavailable");
        return catalog();
    }

    @Test
    void uploadStatus_readsEveryDocumentedMezzanineStatus() {
        assertEquals(UploadStatus.of(UploadStatus.State.UPLOADING, "Mezzanine.Status=Uploading"),
                catalog().uploadStatus(video("Uploading")));
        assertEquals(UploadStatus.of(UploadStatus.State.FAILED, "Mezzanine.Status=UploadFail"),
                catalog().uploadStatus(video("UploadFail")));
        assertEquals(UploadStatus.of(UploadStatus.State.FAILED, "Mezzanine.Status=Deleted"),
                catalog().uploadStatus(video("Deleted")));
        assertEquals(UploadStatus.of(UploadStatus.State.UNKNOWN_VIDEO, "InvalidVideo.NotFound"),
                catalog().uploadStatus("never-uploaded"));
    }

    @Test
    void uploadStatus_sendsOnlyTheVideoId_andNeverReadsTheSignedFileUrl() {
        String id = video("Normal");
        UploadStatus status = catalog().uploadStatus(id);
        assertFalse(status.toString().contains("Signature"), status.toString());
        List<LoopbackVod.Call> calls = vod.calls();
        LoopbackVod.Call call = calls.get(calls.size() - 1);
        assertEquals("GetMezzanineInfo", call.params.get("Action"));
        assertEquals(id, call.params.get("VideoId"));
        assertFalse(call.params.containsKey("OutputType") || call.params.containsKey("AuthTimeout")
                || call.params.containsKey("AdditionType"), call.params.toString());
    }
}
