package io.github.vodhls.core.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaylistRewriterWithTokenTest {

    @Test
    void withToken_whenNoQuery_appendsWithQuestionMark() {
        assertEquals("https://k.example.com/key?MtsHlsUriToken=T",
                PlaylistRewriter.withToken("https://k.example.com/key", "T"));
    }

    @Test
    void withToken_whenQuery_appendsWithAmpersand() {
        assertEquals("https://k.example.com/?Ciphertext=ab%3D&MtsHlsUriToken=T",
                PlaylistRewriter.withToken("https://k.example.com/?Ciphertext=ab%3D", "T"));
    }

    @Test
    void withToken_whenQueryIsEmpty_addsNoAmpersand() {
        assertEquals("key?MtsHlsUriToken=T", PlaylistRewriter.withToken("key?", "T"));
    }

    @Test
    void withToken_whenQueryEndsWithAmpersand_addsNoSecondAmpersand() {
        assertEquals("key?a=1&MtsHlsUriToken=T", PlaylistRewriter.withToken("key?a=1&", "T"));
        assertEquals("key?&MtsHlsUriToken=T", PlaylistRewriter.withToken("key?&", "T"));
    }

    @Test
    void withToken_whenQueryEndsWithQuestionMarkInAValue_stillAddsAmpersand() {
        assertEquals("key?next=?&MtsHlsUriToken=T", PlaylistRewriter.withToken("key?next=?", "T"));
    }

    @Test
    void withToken_whenQueryHasEmptyParameters_keepsThem() {
        assertEquals("key?a=1&&b=2&MtsHlsUriToken=T", PlaylistRewriter.withToken("key?a=1&&b=2", "T"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "key?MtsHlsUriToken=old                      | key?MtsHlsUriToken=T",
        "key?a=1&MtsHlsUriToken=old                  | key?a=1&MtsHlsUriToken=T",
        "key?MtsHlsUriToken=old&a=1                  | key?MtsHlsUriToken=T&a=1",
        "key?a=1&MtsHlsUriToken=old&b=2              | key?a=1&MtsHlsUriToken=T&b=2",
        "key?MtsHlsUriToken                          | key?MtsHlsUriToken=T",
        "key?MtsHlsUriToken=                         | key?MtsHlsUriToken=T",
        "key?MtsHlsUriToken=a=b                      | key?MtsHlsUriToken=T",
        "key?MtsHlsUriToken=1&MtsHlsUriToken=2       | key?MtsHlsUriToken=T",
        "key?MtsHlsUriToken=1&a&MtsHlsUriToken&b     | key?MtsHlsUriToken=T&a&b",
        "key?a&MtsHlsUriToken=1&MtsHlsUriToken=2#f   | key?a&MtsHlsUriToken=T#f",
        "key?&MtsHlsUriToken                         | key?&MtsHlsUriToken=T",
        "key?MtsHlsUriToken=T                        | key?MtsHlsUriToken=T",
    })
    void withToken_whenTokenParameterExists_replacesItAndLeavesExactlyOne(String uri, String expected) {
        assertEquals(expected, PlaylistRewriter.withToken(uri, "T"));
    }

    @Test
    void withToken_whenParameterOnlyResemblesTheTokenName_keepsItAndAppends() {
        assertEquals("key?MtsHlsUriTokenV2=1&xMtsHlsUriToken=2&mtshlsuritoken=3&MtsHlsUriToken=T",
                PlaylistRewriter.withToken("key?MtsHlsUriTokenV2=1&xMtsHlsUriToken=2&mtshlsuritoken=3", "T"));
    }

    @Test
    void withToken_whenFragment_putsTheParameterBeforeIt() {
        assertEquals("key?MtsHlsUriToken=T#frag", PlaylistRewriter.withToken("key#frag", "T"));
        assertEquals("key?a=1&MtsHlsUriToken=T#frag", PlaylistRewriter.withToken("key?a=1#frag", "T"));
        assertEquals("key?MtsHlsUriToken=T#", PlaylistRewriter.withToken("key#", "T"));
    }

    @Test
    void withToken_whenFragmentHoldsQuestionMarkOrToken_leavesTheFragmentAlone() {
        assertEquals("key?MtsHlsUriToken=T#f?MtsHlsUriToken=x&y",
                PlaylistRewriter.withToken("key#f?MtsHlsUriToken=x&y", "T"));
        assertEquals("key?a=1&MtsHlsUriToken=T#f&MtsHlsUriToken=x",
                PlaylistRewriter.withToken("key?a=1#f&MtsHlsUriToken=x", "T"));
    }

    @Test
    void withToken_whenTokenHasReservedCharacters_urlEncodesThemAsUtf8() {
        assertEquals("key?MtsHlsUriToken=a%2Bb%2Fc%3D%3D+%26%23%22%2C%0A%C3%A9",
                PlaylistRewriter.withToken("key", "a+b/c== &#\",\né"));
    }

    @Test
    void withToken_whenUriIsEmpty_returnsOnlyTheQuery() {
        assertEquals("?MtsHlsUriToken=T", PlaylistRewriter.withToken("", "T"));
    }

    @Test
    void withToken_whenTokenIsEmpty_addsAnEmptyValue() {
        assertEquals("key?MtsHlsUriToken=", PlaylistRewriter.withToken("key", ""));
    }

    @Test
    void withToken_whenArgumentIsNull_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> PlaylistRewriter.withToken(null, "T"));
        assertThrows(NullPointerException.class, () -> PlaylistRewriter.withToken("key", null));
    }
}
