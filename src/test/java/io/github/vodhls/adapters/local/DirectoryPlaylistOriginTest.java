package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import io.github.vodhls.core.playlist.MediaPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryPlaylistOriginTest {
    @TempDir
    Path dir;

    private DirectoryPlaylistOrigin origin(int max) {
        return new DirectoryPlaylistOrigin(dir.resolve("media"), max);
    }

    private static MediaPath path(String path) {
        return MediaPath.parse("/media/", path);
    }

    @Test
    void read_existingPlaylist_returnsItsText() throws Exception {
        Files.createDirectories(dir.resolve("media/v1/sd"));
        Files.writeString(dir.resolve("media/v1/sd/index.m3u8"), "#EXTM3U\n#EXT-X-ENDLIST\n");
        assertEquals(Optional.of("#EXTM3U\n#EXT-X-ENDLIST\n"), origin(1024).read(path("/media/v1/sd/index.m3u8")));
    }

    @Test
    void read_missingFileOrDirectory_isEmpty() throws Exception {
        Files.createDirectories(dir.resolve("media/v1/index.m3u8"));
        assertEquals(Optional.empty(), origin(1024).read(path("/media/v2/index.m3u8")));
        assertEquals(Optional.empty(), origin(1024).read(path("/media/v1/index.m3u8")), "a directory is no file");
    }

    @Test
    void read_symbolicLinkOutOfTheRoot_isNotFollowed() throws Exception {
        Files.createDirectories(dir.resolve("media/v1"));
        Path secret = Files.writeString(dir.resolve("secret.m3u8"), "#EXTM3U\nsecret\n");
        Files.createSymbolicLink(dir.resolve("media/v1/index.m3u8"), secret);
        assertEquals(Optional.empty(), origin(1024).read(path("/media/v1/index.m3u8")));
    }

    @Test
    void read_throughASymbolicLinkToADirectoryOutOfTheRoot_isNotFound() throws Exception {
        Files.createDirectories(dir.resolve("media"));
        Files.createDirectories(dir.resolve("outside"));
        Files.writeString(dir.resolve("outside/index.m3u8"), "#EXTM3U\nsecret\n");
        Files.createSymbolicLink(dir.resolve("media/v1"), dir.resolve("outside"));
        assertEquals(Optional.empty(), origin(1024).read(path("/media/v1/index.m3u8")));
    }

    @Test
    void read_tooLargeOrNotUtf8_isOriginResponseInvalid() throws Exception {
        Files.createDirectories(dir.resolve("media/v1"));
        Files.write(dir.resolve("media/v1/big.m3u8"), new byte[2048]);
        Files.write(dir.resolve("media/v1/latin1.m3u8"), "#EXTM3U\n#Ã©\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        UpstreamResponseInvalidException big = assertThrows(UpstreamResponseInvalidException.class,
                () -> origin(1024).read(path("/media/v1/big.m3u8")));
        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, big.errorCode());
        assertTrue(big.getMessage().contains("1024"), big.getMessage());
        UpstreamResponseInvalidException latin = assertThrows(UpstreamResponseInvalidException.class,
                () -> origin(1024).read(path("/media/v1/latin1.m3u8")));
        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, latin.errorCode());
    }
}
