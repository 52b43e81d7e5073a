package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ConfigurationException;
import java.security.Key;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one parser of configured key rings: comma-split {@code kid=base64} entries, as in {@code TOKEN_SIGNING_KEYS},
 * {@code TOKEN_VERIFICATION_KEYS}, {@code LOGIN_HMAC_SECRETS} and {@code LOGIN_PUBLIC_KEYS}.
 *
 * <ul>
 * <li>a kid is 1-128 characters of {@code A-Z a-z 0-9 . _ : -}; surrounding spaces are dropped;</li>
 * <li>a value is standard base64 or, when it holds {@code -} or {@code _}, base64url; padding is optional;</li>
 * <li>a kid appears once per list, and once per key ring ({@link #putUnique});</li>
 * <li>an entry without a kid is refused without echoing it: a padded bare value splits at its padding, so the
 * would-be kid is then part of the secret.</li>
 * </ul>
 * Every error is a {@link ConfigurationException} naming the variable and at most a validated kid, never a value.
 */
final class KeyEntries {

    /** Smallest HMAC secret accepted: RFC 7518 section 3.2 asks for at least the HS256 hash output size. */
    static final int MIN_HMAC_SECRET_BYTES = 32;

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private KeyEntries() {
    }

    /** Turns the decoded value of one entry into a key, or throws a {@link ConfigurationException} naming the kid. */
    interface KeyReader {
        Key read(String kid, byte[] value);
    }

    /**
     * Reads the entries in order into a new kid-to-key map (insertion order kept: the first entry comes first).
     *
     * @throws ConfigurationException naming {@code variable} for a malformed entry, a kid given twice, or whatever
     *     {@code reader} refuses
     */
    static Map<String, Key> parse(String variable, List<String> entries, KeyReader reader) {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || entry.substring(eq + 1).replace("=", "").trim().isEmpty()) {
                throw new ConfigurationException(variable, "entries must look like kid=base64");
            }
            String kid = entry.substring(0, eq).trim();
            if (!KID.matcher(kid).matches()) {
                throw new ConfigurationException(variable, "kid must be 1-128 characters of A-Z a-z 0-9 . _ : -");
            }
            putUnique(variable, keys, kid, reader.read(kid, decode(variable, kid, entry.substring(eq + 1).trim())));
        }
        return keys;
    }

    /** Adds a key to a ring, refusing a kid the ring already holds (naming the variable the key came from). */
    static void putUnique(String variable, Map<String, Key> ring, String kid, Key key) {
        if (ring.putIfAbsent(kid, key) != null) {
            throw new ConfigurationException(variable, "kid '" + kid + "' appears more than once");
        }
    }

    /** An HMAC secret of at least {@link #MIN_HMAC_SECRET_BYTES}. */
    static SecretKey hmacSecret(String variable, String kid, byte[] secret) {
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new ConfigurationException(variable, "the secret of kid '" + kid + "' has " + secret.length
                    + " bytes; HS256 needs at least " + MIN_HMAC_SECRET_BYTES);
        }
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    private static byte[] decode(String variable, String kid, String value) {
        try {
            return value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(variable, "the value of kid '" + kid + "' is not base64");
        }
    }
}
