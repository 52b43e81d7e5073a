package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random text made of real tag fragments, quotes, commas, line breaks and random characters: the rewriter
 * never throws, keeps every line terminator, changes only lines it may rewrite, and only by inserting the token.
 */
class PlaylistRewriterRandomInputTest {
    private static final long SEED = 0x5EED_8216L;
    private static final int CASES = 5000;

    private static final String[] FRAGMENTS = {
        "#EXTM3U", "#EXT-X-KEY:", "#EXT-X-SESSION-KEY:", "#EXT-X-MEDIA:", "#EXT-X-I-FRAME-STREAM-INF:",
        "#EXT-X-STREAM-INF:", "#EXT-X-STREAM-INF", "#EXT-X-KEY", "#EXT-X-MAP:", "#EXTINF:10,", "#ext-x-key:", "#",
        "METHOD=", "NONE", "AES-128", "SAMPLE-AES", "URI=", "uri = ", "IV=0x1", "\"", "\"", ",", ",", "=", " ", "\t",
        "\n", "\n", "\r", "\r\n", "\uFEFF", "data:", "skd://", "DATA:", "https://k.example.com/k", "?", "&", "#frag",
        "MtsHlsUriToken", "MtsHlsUriToken=old", "seg.ts", "low.m3u8", "\"key.bin\"", "%3D",
    };
    private static final String[] TOKENS = {"tok", "a+b/c==", "x y&z#\"", "\r\n,\"", "é中\uD83D\uDE00", ""};

    @Test
    void rewrite_whenInputIsRandomPlaylistNoise_keepsStructureAndOnlyInsertsTheToken() {
        Random random = new Random(SEED);
        for (int n = 0; n < CASES; n++) {
            String playlist = randomText(random);
            String token = TOKENS[random.nextInt(TOKENS.length)];
            String otherToken = TOKENS[random.nextInt(TOKENS.length)];
            String context = "case " + n + " of seed " + SEED;

            String rewritten = PlaylistRewriter.rewrite(playlist, token);

            assertOnlyRewritableLinesChanged(playlist, rewritten, token, context);
            assertEquals(PlaylistRewriter.rewrite(playlist, otherToken),
                    PlaylistRewriter.rewrite(rewritten, otherToken), context + ": rewriting again replaces the token");
        }
    }

    @Test
    void rewrite_whenLineIsHugeAndFullOfQuotesAndCommas_returnsEveryCharacter() {
        Random random = new Random(SEED);
        StringBuilder line = new StringBuilder("#EXT-X-KEY:");
        String[] pieces = {"\"", ",", "=", "URI=", "uri=\"k\"", " ", "METHOD=NONE"};
        while (line.length() < 400_000) {
            line.append(pieces[random.nextInt(pieces.length)]);
        }
        String playlist = line + "\n" + line + "\"\n";

        String rewritten = PlaylistRewriter.rewrite(playlist, "tok");

        assertOnlyRewritableLinesChanged(playlist, rewritten, "tok", "huge line");
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(60);
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else if (kind < 9) {
                text.append((char) (0x20 + random.nextInt(0x5F)));
            } else {
                text.append((char) random.nextInt(0x10000));
            }
        }
        return text.toString();
    }

    /** Only KEY, SESSION-KEY, MEDIA and I-FRAME-STREAM-INF lines and variant URI lines may change. */
    private static void assertOnlyRewritableLinesChanged(String playlist, String rewritten, String token,
            String context) {
        PlaylistLines before = PlaylistLines.of(playlist);
        PlaylistLines after = PlaylistLines.of(rewritten);
        assertEquals(before.size(), after.size(), context + ": line count");
        assertEquals(before.terminators, after.terminators, context + ": line terminators");
        String parameter = "MtsHlsUriToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        boolean variantUriExpected = false;
        for (int i = 0; i < before.size(); i++) {
            String in = before.lines.get(i);
            String out = after.lines.get(i);
            boolean mayChange;
            if (in.startsWith("#")) {
                mayChange = in.startsWith("#EXT-X-KEY") || in.startsWith("#EXT-X-SESSION-KEY")
                        || in.startsWith("#EXT-X-MEDIA") || in.startsWith("#EXT-X-I-FRAME-STREAM-INF");
                variantUriExpected |= in.startsWith("#EXT-X-STREAM-INF");
            } else {
                mayChange = variantUriExpected && !in.isBlank();
                variantUriExpected &= in.isBlank();
            }
            String where = context + ", line " + (i + 1);
            if (!mayChange) {
                assertEquals(in, out, where + " must not change");
            } else if (!in.equals(out)) {
                assertTrue(out.contains(parameter), where + " changed without the token: " + out);
                if (!in.contains("MtsHlsUriToken")) {
                    assertTrue(isSubsequence(in, out), where + " lost characters: " + in + " -> " + out);
                }
            }
        }
    }

    private static boolean isSubsequence(String part, String whole) {
        int matched = 0;
        for (int i = 0; i < whole.length() && matched < part.length(); i++) {
            if (whole.charAt(i) == part.charAt(matched)) {
                matched++;
            }
        }
        return matched == part.length();
    }
}
