package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PlaylistOrigin} must have. Each implementation's test extends this class and provides
 * an origin over a root it can put files into.
 *
 * <p>The contract: a file under the root reads as its exact UTF-8 text, found at {@code {root}/{videoId}/{file}};
 * a missing one reads as empty (the playlist function answers 404); a file over the size limit or not UTF-8 is
 * {@code ORIGIN_RESPONSE_INVALID} (502), naming the path and the limit but not the content; an origin that cannot be
 * read is {@code ORIGIN_UNAVAILABLE} (503); and no read ever returns content from outside the root, however the
 * origin is told to look elsewhere (a symbolic link, a redirect).
 */
public abstract class PlaylistOriginContract {

    /** The size limit the origins under test are built with. */
    protected static final int MAX_BYTES = 64;

    /** An origin over a fresh root, refusing files over {@code maxBytes}. */
    protected abstract PlaylistOrigin origin(int maxBytes);

    /** Puts a file at {@code relative} ({@code {videoId}/{file}}) under the root of the origins of this test. */
    protected abstract void put(String relative, byte[] content);

    /**
     * Puts {@code content} outside the root, and makes {@code relative} point at it the way this origin could be
     * led astray: a symbolic link for a directory, a redirect for an HTTP origin.
     */
    protected abstract void putOutsideTheRootReachableAs(String relative, byte[] content);

    /**
     * How this origin answers a path that points out of its root: {@code null} when it reads as missing (a directory
     * does not serve what is not under it), else the code of the {@link DependencyUnavailableException} it throws
     * (an HTTP origin that does not follow redirects cannot tell where the redirect would lead).
     */
    protected abstract ErrorCode outOfRootFailure();

    /** An origin that cannot be read at all now (nothing listens, the root is not a directory, ...). */
    protected abstract PlaylistOrigin unreadableOrigin(int maxBytes);

    protected static MediaPath path(String relative) {
        return MediaPath.parse("/media/", "/media/" + relative);
    }

    private void put(String relative, String text) {
        put(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] playlistOfExactly(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) '#');
        byte[] head = "#EXTM3U\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[size - 1] = '\n';
        return bytes;
    }

    @Test
    void read_whenThePlaylistExists_isItsExactText() {
        String text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:2.0,\nseg_000.ts\n#EXT-X-ENDLIST\n";
        put("v1/index.m3u8", text);

        assertEquals(Optional.of(text), origin(1024).read(path("v1/index.m3u8")));
    }

    @Test
    void read_ofEachPath_isTheFileAtRootVideoFile() {
        put("v1/index.m3u8", "#EXTM3U\n#v1 master\n");
        put("v1/sd/index.m3u8", "#EXTM3U\n#v1 sd\n");
        put("v2/sd/index.m3u8", "#EXTM3U\n#v2 sd\n");
        PlaylistOrigin origin = origin(1024);

        assertEquals(Optional.of("#EXTM3U\n#v1 master\n"), origin.read(path("v1/index.m3u8")));
        assertEquals(Optional.of("#EXTM3U\n#v1 sd\n"), origin.read(path("v1/sd/index.m3u8")));
        assertEquals(Optional.of("#EXTM3U\n#v2 sd\n"), origin.read(path("v2/sd/index.m3u8")));
    }

    @Test
    void read_whenTheFileOrTheVideoIsMissing_isEmpty() {
        put("v1/index.m3u8", "#EXTM3U\n");
        PlaylistOrigin origin = origin(1024);

        assertEquals(Optional.empty(), origin.read(path("v1/other.m3u8")), "missing file of a known video");
        assertEquals(Optional.empty(), origin.read(path("v1/sd/index.m3u8")), "missing directory of a known video");
        assertEquals(Optional.empty(), origin.read(path("v2/index.m3u8")), "unknown video");
    }

    @Test
    void read_whenTheTextIsUtf8BeyondAscii_decodesIt() {
        String text = "#EXTM3U\n#EXT-X-SESSION-DATA:DATA-ID=\"title\",VALUE=\"Café – 東京 🎬\"\n";
        put("v1/index.m3u8", text);

        assertEquals(Optional.of(text), origin(1024).read(path("v1/index.m3u8")));
    }

    @Test
    void read_whenTheFileIsExactlyTheLimit_isRead() {
        byte[] exactly = playlistOfExactly(MAX_BYTES);
        put("v1/index.m3u8", exactly);

        assertEquals(Optional.of(new String(exactly, StandardCharsets.US_ASCII)),
                origin(MAX_BYTES).read(path("v1/index.m3u8")));
    }

    @Test
    void read_whenTheFileIsOverTheLimit_isOriginResponseInvalidNamingPathAndLimit() {
        byte[] tooLarge = playlistOfExactly(MAX_BYTES + 1);
        put("v1/big.m3u8", tooLarge);

        UpstreamResponseInvalidException e = assertThrows(UpstreamResponseInvalidException.class,
                () -> origin(MAX_BYTES).read(path("v1/big.m3u8")));

        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains("v1/big.m3u8") && e.getMessage().contains(Integer.toString(MAX_BYTES)),
                e.getMessage());
        assertFalse(e.getMessage().contains("#EXTM3U"), "the content is never in the message: " + e.getMessage());
    }

    @Test
    void read_whenTheFileIsNotUtf8_isOriginResponseInvalid() {
        put("v1/latin1.m3u8", "#EXTM3U\n#Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        UpstreamResponseInvalidException e = assertThrows(UpstreamResponseInvalidException.class,
                () -> origin(1024).read(path("v1/latin1.m3u8")));

        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, e.errorCode());
        assertEquals(ErrorKind.BAD_GATEWAY, e.errorCode().kind());
    }

    @Test
    void read_whenThePathPointsOutOfTheRoot_neverReturnsTheOutsideFile() {
        String secret = "#EXTM3U\n#outside the root\n";
        put("v1/index.m3u8", "#EXTM3U\n#inside\n");
        putOutsideTheRootReachableAs("v2/index.m3u8", secret.getBytes(StandardCharsets.UTF_8));
        PlaylistOrigin origin = origin(1024);

        ErrorCode expected = outOfRootFailure();
        if (expected == null) {
            assertEquals(Optional.empty(), origin.read(path("v2/index.m3u8")));
        } else {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> origin.read(path("v2/index.m3u8")));
            assertEquals(expected, e.errorCode());
            assertFalse(e.getMessage().contains("outside the root"), e.getMessage());
        }
        assertEquals(Optional.of("#EXTM3U\n#inside\n"), origin.read(path("v1/index.m3u8")),
                "files under the root still read");
    }

    @Test
    void read_whenTheOriginCannotBeRead_isOriginUnavailable() {
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> unreadableOrigin(1024).read(path("v1/index.m3u8")));

        assertEquals(ErrorCode.ORIGIN_UNAVAILABLE, e.errorCode());
        assertEquals(ErrorKind.UNAVAILABLE, e.errorCode().kind(), "503: players retry");
    }
}
