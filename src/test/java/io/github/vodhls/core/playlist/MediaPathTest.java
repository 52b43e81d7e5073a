package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaPathTest {

    @Test
    void parse_videoAndNestedFile() {
        MediaPath path = MediaPath.parse("/media/", "/media/6e1f2a/sd/index.m3u8");
        assertEquals("6e1f2a", path.videoId());
        assertEquals("sd/index.m3u8", path.file());
        assertEquals("6e1f2a/sd/index.m3u8", path.relative());
        assertEquals(List.of("sd", "index.m3u8"), path.segments());
        assertTrue(path.isPlaylist());
        assertFalse(MediaPath.parse("/media/", "/media/v/seg_001.ts").isPlaylist());
        assertTrue(MediaPath.parse("/", "/v/INDEX.M3U8").isPlaylist());
    }

    @Test
    void parse_outsideThePrefixOrWithoutFile_isNotFound() {
        for (String path : new String[] {"/other/v/index.m3u8", "/media/index.m3u8", "/media", "/", ""}) {
            VodHlsException e = assertThrows(VodHlsException.class, () -> MediaPath.parse("/media/", path), path);
            assertEquals(ErrorCode.NOT_FOUND, e.errorCode(), path);
        }
    }

    @Test
    void parse_traversalAndOddSegments_areInvalid() {
        for (String path : new String[] {"/media/v/../x.m3u8", "/media/../v/x.m3u8", "/media/v/./x.m3u8",
                "/media/v//x.m3u8", "/media/v/x.m3u8/", "/media/v/a\\b.m3u8", "/media/v/a\u0000.m3u8",
                "/media/v/a b.m3u8", "/media/v/%2e%2e/x.m3u8", "/media/v/" + "a".repeat(129) + ".m3u8",
                "/media/v/1/2/3/4/5/6/7/8/9.m3u8", "/media/v/ü.m3u8"}) {
            VodHlsException e = assertThrows(VodHlsException.class, () -> MediaPath.parse("/media/", path), path);
            assertEquals(ErrorCode.INVALID_PARAMETER, e.errorCode(), path);
        }
    }
}
