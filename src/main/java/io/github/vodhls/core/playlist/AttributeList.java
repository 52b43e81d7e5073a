package io.github.vodhls.core.playlist;

import java.util.ArrayList;
import java.util.List;

/**
 * A tolerant reader of RFC 8216 §4.2 attribute lists that reports where each value stands in its line, so that a
 * caller can replace one value and leave every other character as it was. Beyond the RFC it accepts names in any
 * case, white space around {@code =} and {@code ,}, and unquoted values of any kind (they end at the next comma).
 * Linear in the length of the line.
 */
final class AttributeList {

    /** One attribute: its name and the span of its value, without quotes and surrounding white space. */
    static final class Attribute {
        private final String name;
        final int valueStart;
        final int valueEnd;

        private Attribute(String name, int valueStart, int valueEnd) {
            this.name = name;
            this.valueStart = valueStart;
            this.valueEnd = valueEnd;
        }

        /** Attribute names are compared ignoring case: {@code uri=} is read as {@code URI=}. */
        boolean isNamed(String attributeName) {
            return name.equalsIgnoreCase(attributeName);
        }
    }

    private AttributeList() {
    }

    /**
     * The attributes of {@code line} from index {@code from} on, in order, or null when a quoted-string value is
     * never closed (the line cannot be read safely). Entries without {@code =} are skipped.
     */
    static List<Attribute> parse(String line, int from) {
        List<Attribute> attributes = new ArrayList<>(4);
        int length = line.length();
        int position = from;
        while (position < length) {
            int nameStart = skipSpaces(line, position, length);
            int nameEnd = nameStart;
            while (nameEnd < length && line.charAt(nameEnd) != '=' && line.charAt(nameEnd) != ',') {
                nameEnd++;
            }
            if (nameEnd == length || line.charAt(nameEnd) == ',') {
                position = nameEnd + 1;
                continue;
            }
            String name = line.substring(nameStart, trimSpacesEnd(line, nameStart, nameEnd));
            int valueStart = skipSpaces(line, nameEnd + 1, length);
            int valueEnd;
            int comma;
            if (valueStart < length && line.charAt(valueStart) == '"') {
                int closingQuote = line.indexOf('"', valueStart + 1);
                if (closingQuote < 0) {
                    return null;
                }
                valueStart = skipSpaces(line, valueStart + 1, closingQuote);
                valueEnd = trimSpacesEnd(line, valueStart, closingQuote);
                comma = line.indexOf(',', closingQuote + 1);
            } else {
                comma = line.indexOf(',', valueStart);
                valueEnd = trimSpacesEnd(line, valueStart, comma < 0 ? length : comma);
            }
            attributes.add(new Attribute(name, valueStart, valueEnd));
            position = comma < 0 ? length : comma + 1;
        }
        return attributes;
    }

    /** The first index in {@code [from, to)} that is not white space, or {@code to}. */
    static int skipSpaces(String text, int from, int to) {
        int index = from;
        while (index < to && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
        return index;
    }

    /** The end of {@code [from, to)} once trailing white space is cut off. */
    static int trimSpacesEnd(String text, int from, int to) {
        int index = to;
        while (index > from && Character.isWhitespace(text.charAt(index - 1))) {
            index--;
        }
        return index;
    }
}
