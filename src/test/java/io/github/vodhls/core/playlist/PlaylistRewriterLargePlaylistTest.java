package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Long VOD playlists with key rotation: every key is rewritten once and nothing else moves (no timing asserted). */
class PlaylistRewriterLargePlaylistTest {
    private static final int SEGMENTS = 50_000;
    private static final String PARAMETER = "MtsHlsUriToken=a%2Bb%2Fc%3D";

    @ParameterizedTest(name = "a new key every {0} segments")
    @ValueSource(ints = {1, 10})
    void rewrite_whenFiftyThousandSegmentsRotateKeys_tokenOnEveryKeyAndNothingElse(int segmentsPerKey) {
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n");
        StringBuilder expected = new StringBuilder(playlist);
        for (int segment = 0; segment < SEGMENTS; segment++) {
            if (segment % segmentsPerKey == 0) {
                String key = "#EXT-X-KEY:METHOD=AES-128,URI=\"https://decrypt.example.com/?Ciphertext=a2V5" + segment;
                playlist.append(key).append("%3D\",IV=0x").append(segment).append('\n');
                expected.append(key).append("%3D&").append(PARAMETER).append("\",IV=0x").append(segment).append('\n');
            }
            String media = "#EXTINF:10.0,\nseg-" + segment + ".ts\n";
            playlist.append(media);
            expected.append(media);
        }
        playlist.append("#EXT-X-ENDLIST\n");
        expected.append("#EXT-X-ENDLIST\n");

        String rewritten = PlaylistRewriter.rewrite(playlist.toString(), "a+b/c=");

        assertEquals(SEGMENTS / segmentsPerKey, occurrences(rewritten, PARAMETER));
        assertEquals(PlaylistLines.of(playlist.toString()).size(), PlaylistLines.of(rewritten).size());
        assertEquals(expected.toString(), rewritten);
    }

    @ParameterizedTest(name = "{0} variants")
    @ValueSource(ints = {20_000})
    void rewrite_whenMasterHasManyVariantsAndRenditions_tokenOnEveryNestedUri(int variants) {
        StringBuilder playlist = new StringBuilder("#EXTM3U\n");
        for (int i = 0; i < variants; i++) {
            playlist.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a").append(i).append("\",NAME=\"a\",URI=\"a")
                    .append(i).append(".m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=").append(i + 1).append(",AUDIO=\"a")
                    .append(i).append("\"\nv").append(i).append(".m3u8\n");
        }

        String rewritten = PlaylistRewriter.rewrite(playlist.toString(), "a+b/c=");

        assertEquals(2 * variants, occurrences(rewritten, PARAMETER));
        assertEquals(PlaylistLines.of(playlist.toString()).size(), PlaylistLines.of(rewritten).size());
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
