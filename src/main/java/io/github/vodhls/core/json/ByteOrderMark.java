package io.github.vodhls.core.json;

/**
 * A leading U+FEFF (byte order mark) on JSON from outside, refused before any Gson parser sees it.
 *
 * <p>Gson 2.11's {@code JsonReader} skips a byte order mark whenever its buffer is refilled at the very start of the
 * text; with two of them first and then a bare literal longer than its 1,024-character buffer, each refill asks for
 * one character more than the buffer holds, the reader returns 0 characters, and it loops forever at full CPU. That
 * takes about 1,100 characters: a JWT header of that shape (jjwt parses the header with Gson before it checks the
 * signature) in a 1,400-character token, a callback body, an event. JSON senders must not add a byte order mark
 * (RFC 8259 §8.1), so refusing one costs no honest caller anything.
 */
public final class ByteOrderMark {
    private ByteOrderMark() {
    }

    /** Whether the text starts with U+FEFF. */
    public static boolean leads(String text) {
        return text != null && !text.isEmpty() && text.charAt(0) == '\uFEFF';
    }

    /** Whether the UTF-8 bytes start with U+FEFF (EF BB BF). */
    public static boolean leads(byte[] utf8) {
        return utf8 != null && utf8.length >= 3 && (utf8[0] & 0xFF) == 0xEF && (utf8[1] & 0xFF) == 0xBB
                && (utf8[2] & 0xFF) == 0xBF;
    }

    /** Whether any dot-separated base64url segment of a JWT (its header, its payload) decodes to such text. */
    public static boolean leadsAnySegment(String jwt) {
        for (String part : jwt.split("\\.", -1)) {
            byte[] decoded;
            try {
                decoded = java.util.Base64.getUrlDecoder().decode(part);
            } catch (IllegalArgumentException e) {
                continue; // not base64url: jjwt refuses it without parsing JSON
            }
            if (leads(decoded)) {
                return true;
            }
        }
        return false;
    }
}
