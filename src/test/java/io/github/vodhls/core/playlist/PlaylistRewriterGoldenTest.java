package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden playlists under {@code src/test/resources/playlists/}: {@code <name>.m3u8} rewritten with {@link #TOKEN}
 * must equal {@code <name>.expected.m3u8} byte for byte (the expected files are written by hand, not generated).
 */
class PlaylistRewriterGoldenTest {
    /** A token-shaped value with {@code + / =}, so the expected files show it URL-encoded. */
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJ2aWQiOiJ2aWQtMSJ9.q+Zx/9Q=";
    private static final String ENCODED_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJ2aWQiOiJ2aWQtMSJ9.q%2BZx%2F9Q%3D";

    static Stream<String> corpus() {
        return Stream.of("vod-media", "master-audio-iframe", "byterange", "key-rotation-discontinuity", "crlf",
                "mixed-line-endings", "odd-attributes", "existing-token-query-fragment");
    }

    private static byte[] resource(String file) {
        try (InputStream in = PlaylistRewriterGoldenTest.class.getResourceAsStream("/playlists/" + file)) {
            assertNotNull(in, "missing test resource playlists/" + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String file) {
        return new String(resource(file), StandardCharsets.UTF_8);
    }

    @Test
    void goldenToken_whenUrlEncoded_isWhatTheExpectedFilesHold() {
        assertEquals(ENCODED_TOKEN, URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rewrite_whenGoldenPlaylist_matchesExpectedByteForByte(String name) {
        String rewritten = PlaylistRewriter.rewrite(text(name + ".m3u8"), TOKEN);

        assertEquals(text(name + ".expected.m3u8"), rewritten);
        assertArrayEquals(resource(name + ".expected.m3u8"), rewritten.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rewrite_whenGoldenPlaylist_keepsLineCountAndTerminators(String name) {
        PlaylistLines input = PlaylistLines.of(text(name + ".m3u8"));
        PlaylistLines output = PlaylistLines.of(PlaylistRewriter.rewrite(text(name + ".m3u8"), TOKEN));

        assertEquals(input.size(), output.size());
        assertEquals(input.terminators, output.terminators);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rewrite_whenExpectedOutputIsRewrittenAgain_isUnchanged(String name) {
        String expected = text(name + ".expected.m3u8");

        assertEquals(expected, PlaylistRewriter.rewrite(expected, TOKEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isPlaylist_whenGoldenPlaylist_isTrue(String name) {
        assertTrue(PlaylistRewriter.isPlaylist(text(name + ".m3u8")));
    }
}
