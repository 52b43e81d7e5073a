package io.github.vodhls.core.playlist;

import java.util.ArrayList;
import java.util.List;

/** A playlist cut into lines and their terminators (LF, CRLF, a lone CR, or none after the last line), for tests. */
final class PlaylistLines {
    final List<String> lines = new ArrayList<>();
    final List<String> terminators = new ArrayList<>();

    private PlaylistLines() {
    }

    static PlaylistLines of(String text) {
        PlaylistLines split = new PlaylistLines();
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                split.add(line, "\r\n");
                i += 2;
            } else if (c == '\r' || c == '\n') {
                split.add(line, String.valueOf(c));
                i++;
            } else {
                line.append(c);
                i++;
            }
        }
        if (line.length() > 0) {
            split.add(line, "");
        }
        return split;
    }

    private void add(StringBuilder line, String terminator) {
        lines.add(line.toString());
        terminators.add(terminator);
        line.setLength(0);
    }

    int size() {
        return lines.size();
    }
}
