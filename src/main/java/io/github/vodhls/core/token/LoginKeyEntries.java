package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ConfigurationException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statically configured login-token keys ({@code kid=base64} entries, parsed by {@link KeyEntries}) as one
 * kid-to-key map. Errors name the variable and the kid, never the value.
 */
final class LoginKeyEntries {

    /** Smallest RSA modulus accepted (RFC 7518 section 3.3). */
    static final int MIN_RSA_BITS = 2048;

    private LoginKeyEntries() {
    }

    /** HMAC secrets of at least {@link KeyEntries#MIN_HMAC_SECRET_BYTES}; kids unique within {@code into}. */
    static void putHmacSecrets(String variable, List<String> entries, Map<String, Key> into) {
        putAll(variable, KeyEntries.parse(variable, entries, (kid, secret) -> KeyEntries.hmacSecret(variable, kid,
                secret)), into);
    }

    /** RSA or EC public keys (X.509 SubjectPublicKeyInfo DER); kids unique within {@code into}. */
    static void putPublicKeys(String variable, List<String> entries, Map<String, Key> into) {
        putAll(variable, KeyEntries.parse(variable, entries, (kid, der) -> publicKey(variable, kid, der)), into);
    }

    private static void putAll(String variable, Map<String, Key> keys, Map<String, Key> into) {
        for (Map.Entry<String, Key> key : keys.entrySet()) {
            KeyEntries.putUnique(variable, into, key.getKey(), key.getValue());
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
}
