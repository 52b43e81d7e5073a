package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.video.PlayStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local VOD emulation's GetPlayInfo: its own playlist route for a transcoded upload, refusals as VOD's. */
class LocalPlayInfoTest {
    @TempDir
    Path dataDir;

    @Test
    void aTranscodedUpload_hasOneHlsEncryptedStream_atTheLocalPlaylistRoute() {
        LocalVideos videos = new LocalVideos(dataDir);
        videos.uploading("0123456789abcdef0123456789abcdef", "demo.mp4");
        videos.normal("0123456789abcdef0123456789abcdef");

        List<PlayStream> streams = new LocalPlayInfo(videos, "http://127.0.0.1:8080/media")
                .hlsStreams("0123456789abcdef0123456789abcdef");

        assertEquals(List.of(new PlayStream("OD", "m3u8", true, "HLSEncryption", "Normal", null, null, null,
                "http://127.0.0.1:8080/media/0123456789abcdef0123456789abcdef/index.m3u8", null)), streams);
    }

    @Test
    void anUploadNotTranscodedYet_orFailed_isNotReady_andAnyOtherIdIsNotFound() {
        LocalVideos videos = new LocalVideos(dataDir);
        LocalPlayInfo local = new LocalPlayInfo(videos, "http://127.0.0.1:8080/media");
        videos.uploading("a", "a.mp4");
        videos.uploading("b", "b.mp4");
        videos.transcoding("b", 40);
        videos.uploading("c", "c.mp4");
        videos.failed("c", "ffmpeg failed");

        assertEquals("the video is Uploading; it plays once Normal",
                assertThrows(ConflictException.class, () -> local.hlsStreams("a")).getMessage());
        ConflictException transcoding = assertThrows(ConflictException.class, () -> local.hlsStreams("b"));
        assertEquals(ErrorCode.VIDEO_NOT_READY, transcoding.errorCode());
        assertEquals("the video is Transcoding (40%); it plays once Normal", transcoding.getMessage());
        assertEquals(ErrorCode.VIDEO_NOT_READY,
                assertThrows(ConflictException.class, () -> local.hlsStreams("c")).errorCode());
        assertEquals(ErrorCode.VIDEO_NOT_FOUND,
                assertThrows(NotFoundException.class, () -> local.hlsStreams("keys-only")).errorCode());
    }
}
