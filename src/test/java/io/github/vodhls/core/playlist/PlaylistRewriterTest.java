package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaylistRewriterTest {
    private static final String T = "MtsHlsUriToken=tok";

    private static String rewrite(String playlist) {
        return PlaylistRewriter.rewrite(playlist, "tok");
    }

    @Test
    void rewrite_whenKeyUriHasQuery_appendsWithAmpersand() {
        assertEquals("#EXT-X-KEY:METHOD=AES-128,URI=\"https://d.example.com/?Ciphertext=YQ%3D%3D&" + T + "\"\n",
                rewrite("#EXT-X-KEY:METHOD=AES-128,URI=\"https://d.example.com/?Ciphertext=YQ%3D%3D\"\n"));
    }

    @Test
    void rewrite_whenKeyUriHasNoQuery_appendsWithQuestionMark() {
        assertEquals("#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin?" + T + "\",IV=0x1",
                rewrite("#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\",IV=0x1"));
    }

    @Test
    void rewrite_whenSessionKey_appendsToken() {
        assertEquals("#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI=\"https://k.example.com/s?" + T + "\"",
                rewrite("#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI=\"https://k.example.com/s\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"METHOD=NONE,URI=\"key.bin\"", "URI=\"key.bin\",method=none", "METHOD=\"NONE\",URI=\"k\""})
    void rewrite_whenMethodIsNone_leavesKeyLineUnchanged(String attributes) {
        assertEquals("#EXT-X-KEY:" + attributes, rewrite("#EXT-X-KEY:" + attributes));
        assertEquals("#EXT-X-SESSION-KEY:" + attributes, rewrite("#EXT-X-SESSION-KEY:" + attributes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:text/plain;base64,AAAA", "DATA:,x", "skd://fairplay/asset", "SKD://fairplay/asset",
        "Skd:asset"})
    void rewrite_whenUriIsDataOrSkd_leavesItUnchanged(String uri) {
        String playlist = "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"" + uri + "\"\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"a\",URI=\"" + uri + "\"\n"
                + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"" + uri + "\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1\n"
                + uri + "\n";
        assertEquals(playlist, rewrite(playlist));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#EXT-X-KEY:METHOD=AES-128", "#EXT-X-KEY:METHOD=AES-128,URI=\"\"", "#EXT-X-KEY:URI=",
        "#EXT-X-KEY:METHOD=AES-128,URI", "#EXT-X-KEY:", "#EXT-X-KEY", "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\""})
    void rewrite_whenTagHasNoUsableUri_leavesLineUnchanged(String line) {
        assertEquals(line, rewrite(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin", "#EXT-X-KEY:URI=\"k\",KEYFORMAT=\"identity",
        "#EXT-X-MEDIA:URI=\"a.m3u8\",NAME=\"", "#EXT-X-KEY:\""})
    void rewrite_whenQuoteIsUnterminated_leavesLineUnchanged(String line) {
        assertEquals(line + "\n", rewrite(line + "\n"));
    }

    @Test
    void rewrite_whenUriIsUnquoted_keepsItUnquotedAndEndsItAtTheComma() {
        assertEquals("#EXT-X-KEY:METHOD=AES-128,URI=https://k.example.com/k?id=1&" + T + " ,IV=0x1",
                rewrite("#EXT-X-KEY:METHOD=AES-128,URI=https://k.example.com/k?id=1 ,IV=0x1"));
    }

    @Test
    void rewrite_whenQuotedUriHoldsCommasAndEquals_rewritesTheWholeValue() {
        assertEquals("#EXT-X-KEY:METHOD=AES-128,URI=\"k?a=1,2&b=c=d&" + T + "\",IV=0x1",
                rewrite("#EXT-X-KEY:METHOD=AES-128,URI=\"k?a=1,2&b=c=d\",IV=0x1"));
    }

    @Test
    void rewrite_whenAttributeNamesAreLowercaseWithSpaces_rewritesUriAndKeepsTheSpacing() {
        assertEquals("#EXT-X-KEY: method = AES-128 ,  uri =  \"k.bin?" + T + "\" , iv=0x1",
                rewrite("#EXT-X-KEY: method = AES-128 ,  uri =  \"k.bin\" , iv=0x1"));
    }

    @Test
    void rewrite_whenAnotherAttributeValueMentionsUri_rewritesOnlyTheUriAttribute() {
        assertEquals("#EXT-X-KEY:X-NOTE=\"URI=x,URI=y\",X-URI=\"z\",URI=\"k?" + T + "\"",
                rewrite("#EXT-X-KEY:X-NOTE=\"URI=x,URI=y\",X-URI=\"z\",URI=\"k\""));
    }

    @Test
    void rewrite_whenLineHasTwoUriAttributes_rewritesBoth() {
        assertEquals("#EXT-X-KEY:URI=\"a?" + T + "\",URI=\"b?" + T + "\"", rewrite("#EXT-X-KEY:URI=\"a\",URI=\"b\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#ext-x-key:URI=\"k\"", "#EXT-X-KEYS:URI=\"k\"", " #EXT-X-KEY:URI=\"k\"",
        "#EXT-X-MEDIA-SEQUENCE:URI=\"k\"", "#EXT-X-MAP:URI=\"init.mp4\"", "#EXT-X-SESSION-DATA:URI=\"d.json\"",
        "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p.mp4\"", "#EXT-X-STREAM-INF:BANDWIDTH=1,URI=\"k\""})
    void rewrite_whenTagIsNotARewrittenOne_leavesLineUnchanged(String line) {
        assertEquals(line, rewrite(line));
    }

    @Test
    void rewrite_whenMediaAndIFrameTagsHaveUris_appendsToken() {
        assertEquals("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"audio/en.m3u8?" + T + "\"\n"
                + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI=\"iframes.m3u8?x=1&" + T + "\"\n",
                rewrite("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"audio/en.m3u8\"\n"
                        + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI=\"iframes.m3u8?x=1\"\n"));
    }

    @Test
    void rewrite_whenVariantUriFollowsStreamInf_appendsTokenToThatLineOnly() {
        assertEquals("#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8?" + T + "\nnot-a-variant.m3u8\n",
                rewrite("#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8\nnot-a-variant.m3u8\n"));
    }

    @Test
    void rewrite_whenBlankLinesCommentsAndTagsPrecedeTheVariantUri_rewritesTheFirstUriLine() {
        assertEquals("#EXT-X-STREAM-INF:BANDWIDTH=1\n\n \t\n# comment\n#EXT-X-UNKNOWN:A=1\nlow.m3u8?" + T + "\n",
                rewrite("#EXT-X-STREAM-INF:BANDWIDTH=1\n\n \t\n# comment\n#EXT-X-UNKNOWN:A=1\nlow.m3u8\n"));
    }

    @Test
    void rewrite_whenStreamInfHasNoAttributes_stillRewritesTheVariantUri() {
        assertEquals("#EXT-X-STREAM-INF\nlow.m3u8?" + T, rewrite("#EXT-X-STREAM-INF\nlow.m3u8"));
    }

    @Test
    void rewrite_whenVariantUriHasSurroundingSpaces_keepsThem() {
        assertEquals("#EXT-X-STREAM-INF:BANDWIDTH=1\n  low.m3u8?a=1&" + T + "\t \n",
                rewrite("#EXT-X-STREAM-INF:BANDWIDTH=1\n  low.m3u8?a=1\t \n"));
    }

    @Test
    void rewrite_whenMediaPlaylistHasSegmentUris_leavesThemUnchanged() {
        String playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nseg-1.ts\n#EXTINF:10,\nseg-2.ts?a=1\n";
        assertEquals(playlist, rewrite(playlist));
    }

    @Test
    void rewrite_whenTokenHasQuotesCommasAndNewlines_cannotBreakTheLine() {
        assertEquals("#EXT-X-KEY:URI=\"k?MtsHlsUriToken=%22%2C%0D%0A%23+x\",IV=0x1\r\n",
                PlaylistRewriter.rewrite("#EXT-X-KEY:URI=\"k\",IV=0x1\r\n", "\",\r\n# x"));
    }

    @Test
    void rewrite_whenRewrittenAgainWithAnotherToken_carriesOnlyTheNewToken() {
        String playlist = "#EXT-X-KEY:URI=\"k?Ciphertext=YQ\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8#f\n";
        String once = PlaylistRewriter.rewrite(playlist, "first");

        assertEquals("#EXT-X-KEY:URI=\"k?Ciphertext=YQ&MtsHlsUriToken=second\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"
                + "low.m3u8?MtsHlsUriToken=second#f\n", PlaylistRewriter.rewrite(once, "second"));
    }

    @Test
    void rewrite_whenHeaderIsMissing_rewritesTagLinesAnyway() {
        assertEquals("#EXT-X-KEY:URI=\"k?" + T + "\"", rewrite("#EXT-X-KEY:URI=\"k\""));
    }

    @Test
    void rewrite_whenTerminatorsAreMixed_keepsEachOneAndTheMissingLastOne() {
        assertEquals("#EXTM3U\r\n\r#EXT-X-KEY:URI=\"k?" + T + "\"\r\r\nseg.ts\n\n#EXT-X-ENDLIST",
                rewrite("#EXTM3U\r\n\r#EXT-X-KEY:URI=\"k\"\r\r\nseg.ts\n\n#EXT-X-ENDLIST"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n", "\r", "\n\n\r", "#", "\uFEFF#EXTM3U\n"})
    void rewrite_whenNothingToRewrite_returnsTheSameText(String playlist) {
        assertEquals(playlist, rewrite(playlist));
    }

    @Test
    void rewrite_whenArgumentIsNull_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> PlaylistRewriter.rewrite(null, "tok"));
        assertThrows(NullPointerException.class, () -> PlaylistRewriter.rewrite("#EXTM3U\n", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#EXTM3U", "#EXTM3U\n#EXT-X-VERSION:3\n", "#EXTM3U\r\n", "\uFEFF#EXTM3U\n", "  \r\n#EXTM3U",
        "\uFEFF \n\t#EXTM3U\n"})
    void isPlaylist_whenTextStartsWithTheHeader_isTrue(String text) {
        assertTrue(PlaylistRewriter.isPlaylist(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#EXTM3", "#extm3u\n", "x#EXTM3U", "#EXT-X-VERSION:3\n#EXTM3U", "\uFEFF\uFEFF#EXTM3U",
        "<html>#EXTM3U", "\u0000#EXTM3U"})
    void isPlaylist_whenTextDoesNotStartWithTheHeader_isFalse(String text) {
        assertFalse(PlaylistRewriter.isPlaylist(text));
    }

    @Test
    void isPlaylist_whenTextIsNull_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> PlaylistRewriter.isPlaylist(null));
    }
}
