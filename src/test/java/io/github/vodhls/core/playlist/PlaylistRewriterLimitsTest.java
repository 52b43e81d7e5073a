package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded rewrite: output size and token URI count are capped, the cap is exact, and counts are reported. */
class PlaylistRewriterLimitsTest {
    private static final TokenTargets TARGETS = TokenTargets.of(List.of("key.example.com"));
    private static final String TOKEN = "t".repeat(400);

    private static String keys(int count) {
        StringBuilder playlist = new StringBuilder("#EXTM3U\n");
        for (int i = 0; i < count; i++) {
            playlist.append("#EXT-X-KEY:METHOD=AES-128,URI=\"https://key.example.com/k").append(i).append("\"\n")
                    .append("#EXTINF:4,\nseg").append(i).append(".ts\n");
        }
        return playlist.toString();
    }

    @Test
    void atTheLimits_theRewriteIsAnswered_andOneBeyondIsRefused() {
        String playlist = keys(10);
        PlaylistRewriter.Result full = PlaylistRewriter.rewrite(playlist, TOKEN, TARGETS, null,
                new PlaylistRewriter.Limits(1_000_000, 10));
        assertEquals(10, full.tokenUris());
        assertEquals(0, full.withheld());
        int size = full.text().length();
        assertEquals(full.text(), PlaylistRewriter.rewrite(playlist, TOKEN, TARGETS, null,
                new PlaylistRewriter.Limits(size, 10)).text(), "exactly at the size limit");

        UpstreamResponseInvalidException tooLong = assertThrows(UpstreamResponseInvalidException.class,
                () -> PlaylistRewriter.rewrite(playlist, TOKEN, TARGETS, null, new PlaylistRewriter.Limits(size - 1, 10)));
        assertEquals(ErrorCode.ORIGIN_RESPONSE_INVALID, tooLong.errorCode());
        assertTrue(tooLong.getMessage().contains("PLAYLIST_MAX_OUTPUT_BYTES"), tooLong.getMessage());
        UpstreamResponseInvalidException tooMany = assertThrows(UpstreamResponseInvalidException.class,
                () -> PlaylistRewriter.rewrite(playlist, TOKEN, TARGETS, null, new PlaylistRewriter.Limits(size, 9)));
        assertTrue(tooMany.getMessage().contains("PLAYLIST_MAX_TOKEN_URIS"), tooMany.getMessage());
    }

    @Test
    void oneLineWithManyUris_isStoppedWhileItIsWritten() {
        StringBuilder line = new StringBuilder("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128");
        for (int i = 0; i < 50_000; i++) {
            line.append(",URI=\"k\"");
        }
        // 50,000 × a 400-character token would be 20 MB of output; the 1 MB cap stops it at the first URI past it
        UpstreamResponseInvalidException e = assertThrows(UpstreamResponseInvalidException.class,
                () -> PlaylistRewriter.rewrite(line.toString(), TOKEN, TARGETS, null,
                        new PlaylistRewriter.Limits(1_000_000, 1_000_000)));
        assertTrue(e.getMessage().contains("PLAYLIST_MAX_OUTPUT_BYTES"), e.getMessage());
    }

    @Test
    void withheldUris_areCountedAndNotWritten() {
        String playlist = "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://evil.example/k\"\n#EXTINF:4,\ns.ts\n";
        PlaylistRewriter.Result result = PlaylistRewriter.rewrite(playlist, TOKEN, TARGETS, null,
                new PlaylistRewriter.Limits(1_000_000, 10));
        assertEquals(playlist, result.text());
        assertEquals(1, result.withheld());
        assertEquals(0, result.tokenUris());
    }
}
