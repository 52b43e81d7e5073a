package io.github.vodhls.core.keys;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Reading and comparing KMS ciphertexts as they arrive in {@code DecryptKeyUri} query strings. Base64 contains
 * {@code + / =}: players and CDNs deliver them encoded, decoded, or with {@code +} turned into a space.
 */
public final class Ciphertexts {

    /** Longest ciphertext accepted; KMS CiphertextBlobs of AES-128 data keys are far shorter. */
    public static final int MAX_LENGTH = 4096;

    private Ciphertexts() {
    }

    /**
     * Normalises a ciphertext query value to the base64 string KMS issued.
     *
     * @throws InvalidRequestException MISSING_PARAMETER or CIPHERTEXT_MALFORMED
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER, "Ciphertext is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidRequestException(ErrorCode.CIPHERTEXT_MALFORMED,
                    "Ciphertext is longer than " + MAX_LENGTH + " characters");
        }
        String value = raw;
        // Base64 never contains '%': a value that still has escapes was encoded once more on its way (a CDN or
        // a player re-encoding the key URI). Undo at most two extra layers.
        for (int layer = 0; layer < 2 && value.indexOf('%') >= 0; layer++) {
            try {
                value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(ErrorCode.CIPHERTEXT_MALFORMED, "Ciphertext is not valid base64");
            }
        }
        boolean blank = value.trim().isEmpty();
        value = value.replace(' ', '+').trim(); // first: a leading or trailing '+' arrives as a space too
        if (blank || !isBase64(value)) {
            throw new InvalidRequestException(ErrorCode.CIPHERTEXT_MALFORMED, "Ciphertext is not valid base64");
        }
        return value;
    }

    private static boolean isBase64(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=';
            if (!ok) {
                return false;
            }
        }
        try {
            Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Constant-time equality of two ciphertext strings. */
    public static boolean sameCiphertext(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code DecryptKeyUri} for a ciphertext: the base URL plus the URL-encoded {@code Ciphertext} parameter. */
    public static String decryptKeyUri(String decryptBaseUrl, String ciphertext) {
        return decryptBaseUrl + (decryptBaseUrl.indexOf('?') >= 0 ? "&" : "?") + "Ciphertext="
                + URLEncoder.encode(ciphertext, StandardCharsets.UTF_8);
    }
}
