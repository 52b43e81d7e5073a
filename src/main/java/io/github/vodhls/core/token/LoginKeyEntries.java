package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ConfigurationException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Parses the statically configured login-token keys ({@code kid=base64} entries) into a kid-to-key map. Errors name
 * the variable and the kid, never the value.
 */
final class LoginKeyEntries {

    /** Smallest HMAC secret accepted: RFC 7518 section 3.2 asks for at least the HS256 hash output size. */
    static final int MIN_HMAC_SECRET_BYTES = 32;
    /** Smallest RSA modulus accepted (RFC 7518 section 3.3). */
    static final int MIN_RSA_BITS = 2048;

    private LoginKeyEntries() {
    }

    /** HMAC secrets; kids unique within {@code into}. */
    static void putHmacSecrets(String variable, List<String> entries, Map<String, Key> into) {
        for (String entry : entries) {
            String[] kidAndValue = split(variable, entry);
            byte[] secret = decode(variable, kidAndValue);
            if (secret.length < MIN_HMAC_SECRET_BYTES) {
                throw new ConfigurationException(variable, "the secret of kid '" + kidAndValue[0] + "' has "
                        + secret.length + " bytes; at least " + MIN_HMAC_SECRET_BYTES + " are required");
            }
            putUnique(variable, into, kidAndValue[0], new SecretKeySpec(secret, "HmacSHA256"));
        }
    }

    /** RSA or EC public keys (X.509 SubjectPublicKeyInfo DER); kids unique within {@code into}. */
    static void putPublicKeys(String variable, List<String> entries, Map<String, Key> into) {
        for (String entry : entries) {
            String[] kidAndValue = split(variable, entry);
            putUnique(variable, into, kidAndValue[0], publicKey(variable, kidAndValue[0], decode(variable,
                    kidAndValue)));
        }
    }

    private static PublicKey publicKey(String variable, String kid, byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String type : new String[] {"RSA", "EC"}) {
            PublicKey key;
            try {
                key = KeyFactory.getInstance(type).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                continue;
            }
            if (key instanceof RSAPublicKey && ((RSAPublicKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
                throw new ConfigurationException(variable, "the RSA key of kid '" + kid + "' has fewer than "
                        + MIN_RSA_BITS + " bits");
            }
            return key;
        }
        throw new ConfigurationException(variable,
                "the value of kid '" + kid + "' is not an X.509 RSA or EC public key (base64 DER)");
    }

    static Map<String, Key> unmodifiable(Map<String, Key> keys) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    private static void putUnique(String variable, Map<String, Key> keys, String kid, Key key) {
        if (keys.putIfAbsent(kid, key) != null) {
            throw new ConfigurationException(variable, "kid '" + kid + "' appears more than once");
        }
    }

    private static String[] split(String variable, String entry) {
        int eq = entry.indexOf('=');
        // A bare base64 value (kid forgotten) splits at its padding: refuse it without echoing anything, since the
        // would-be kid is then part of the secret.
        if (eq <= 0 || entry.substring(eq + 1).replace("=", "").trim().isEmpty()) {
            throw new ConfigurationException(variable, "entries must look like kid=base64");
        }
        String kid = entry.substring(0, eq).trim();
        if (!kid.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new ConfigurationException(variable, "kid must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        return new String[] {kid, entry.substring(eq + 1).trim()};
    }

    private static byte[] decode(String variable, String[] kidAndValue) {
        String value = kidAndValue[1];
        try {
            return value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(variable, "the value of kid '" + kidAndValue[0] + "' is not base64");
        }
    }
}
