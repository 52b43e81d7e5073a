package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of a viewer's state: the two texts the store adapters keep. */
class ViewerStreamsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void encode_writesTheDocumentedTexts_andDecodeReadsThemBack() {
        ViewerStreams state = ViewerStreams.none().with(List.of(1767225600000L, 1767225600020L), List.of(
                new LiveToken("Xb3_-q", "video-1", null, T0, T0.plusSeconds(3600)),
                new LiveToken("Yc4", "a.b:c@d-e_f", "tv:living-room", T0, T0.plusSeconds(60))));
        assertEquals("1767225600000,1767225600020", state.encodedIssues());
        assertEquals("Xb3_-q video-1 1767225600 1767229200 ,Yc4 a.b:c@d-e_f 1767225600 1767225660 tv:living-room",
                state.encodedLive());
        assertEquals(state.atVersion(9), ViewerStreams.decode(9, state.encodedIssues(), state.encodedLive()));
        assertEquals(ViewerStreams.none().atVersion(1), ViewerStreams.decode(1, "", ""));
    }

    @Test
    void decode_ofTextsItDidNotWrite_isAnIllegalState() {
        for (String[] texts : new String[][] {{"12,x", ""}, {"", "t v 1 2"}, {"", "t v 1 2 d e"}, {"", "t v x 2 "},
                {null, ""}}) {
            assertThrows(IllegalStateException.class, () -> ViewerStreams.decode(1, texts[0], texts[1]),
                    String.join("|", String.valueOf(texts[0]), texts[1]));
        }
        assertThrows(IllegalStateException.class, () -> ViewerStreams.decode(0, "", ""), "version 0 is nothing");
    }
}
