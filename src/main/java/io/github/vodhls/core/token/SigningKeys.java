package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ConfigurationException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token signing key ring. Rotation is a rule: the newest key (the first configured) signs, every configured key
 * verifies, and verification looks keys up by the token's {@code kid}. {@link #toString()} never shows key bytes.
 */
public final class SigningKeys {

    /** The JWS algorithms a deployment may choose. */
    public enum Algorithm {
        HS256, ES256
    }

    /** Smallest HS256 secret accepted: RFC 7518 section 3.2 asks for at least the hash output size. */
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final String signingKid;
    private final Key signingKey;
    private final Map<String, Key> verificationKeys;

    private SigningKeys(Algorithm algorithm, String signingKid, Key signingKey, Map<String, Key> verificationKeys) {
        this.algorithm = algorithm;
        this.signingKid = signingKid;
        this.signingKey = signingKey;
        this.verificationKeys = Collections.unmodifiableMap(verificationKeys);
    }

    /**
     * Parses the configured key ring.
     *
     * @param variable name of the variable the signing entries came from, for error messages
     * @param signing {@code kid=base64} entries, newest first (HS256 secrets or ES256 PKCS#8 private keys)
     * @param verifyOnly {@code kid=base64} entries that only verify (HS256 secrets or ES256 X.509 public keys)
     */
    public static SigningKeys parse(Algorithm algorithm, String variable, List<String> signing, String verifyVariable,
            List<String> verifyOnly) {
        return parse(algorithm, variable, signing, verifyVariable, verifyOnly, true);
    }

    /**
     * As {@link #parse(Algorithm, String, List, String, List)}; with {@code needsSigningKey} false (the decrypt
     * function) the signing entries may be absent when verify-only entries are given, so an ES256 deployment's
     * decrypt function holds public keys only.
     */
    public static SigningKeys parse(Algorithm algorithm, String variable, List<String> signing, String verifyVariable,
            List<String> verifyOnly, boolean needsSigningKey) {
        if (!needsSigningKey && algorithm == Algorithm.ES256 && !signing.isEmpty()) {
            throw new ConfigurationException(variable, "holds ES256 private keys, which a function that only "
                    + "verifies tokens must not have (it could mint tokens); give it the public keys in "
                    + verifyVariable + " instead");
        }
        if (signing.isEmpty() && !needsSigningKey && !verifyOnly.isEmpty()) {
            Map<String, Key> verification = new LinkedHashMap<>();
            for (String entry : verifyOnly) {
                String[] kidAndValue = splitEntry(verifyVariable, entry);
                Key key = algorithm == Algorithm.HS256 ? hmacKey(verifyVariable, kidAndValue)
                        : ecPublicKey(verifyVariable, kidAndValue);
                putUnique(verification, verifyVariable, kidAndValue[0], key);
            }
            return new SigningKeys(algorithm, null, null, verification);
        }
        if (signing.isEmpty()) {
            throw new ConfigurationException(variable, "is required but not set (kid=base64 entries)");
        }
        Map<String, Key> verification = new LinkedHashMap<>();
        String signingKid = null;
        Key signingKey = null;
        for (String entry : signing) {
            String[] kidAndValue = splitEntry(variable, entry);
            Key key = algorithm == Algorithm.HS256 ? hmacKey(variable, kidAndValue)
                    : ecPrivateKey(variable, kidAndValue);
            if (signingKid == null) {
                signingKid = kidAndValue[0];
                signingKey = key;
            }
            if (algorithm == Algorithm.HS256) {
                putUnique(verification, variable, kidAndValue[0], key);
            }
        }
        for (String entry : verifyOnly) {
            String[] kidAndValue = splitEntry(verifyVariable, entry);
            Key key = algorithm == Algorithm.HS256 ? hmacKey(verifyVariable, kidAndValue)
                    : ecPublicKey(verifyVariable, kidAndValue);
            Key signingEntry = verification.get(kidAndValue[0]);
            if (signingEntry != null && MessageDigest.isEqual(signingEntry.getEncoded(), key.getEncoded())) {
                continue; // HS256: the verification list repeats a signing secret (one list for every function)
            }
            putUnique(verification, verifyVariable, kidAndValue[0], key);
        }
        if (signingKid != null && !verification.containsKey(signingKid)) {
            throw new ConfigurationException(verifyVariable,
                    "must hold the public key of the signing key '" + signingKid + "' (ES256)");
        }
        return new SigningKeys(algorithm, signingKid, signingKey, verification);
    }

    private static void putUnique(Map<String, Key> keys, String variable, String kid, Key key) {
        if (keys.putIfAbsent(kid, key) != null) {
            throw new ConfigurationException(variable, "kid '" + kid + "' appears more than once");
        }
    }

    private static String[] splitEntry(String variable, String entry) {
        int eq = entry.indexOf('=');
        // A bare base64 secret (kid forgotten) splits at its padding into "secret prefix" = "=": refuse it without
        // echoing anything, since the would-be kid is then part of the secret.
        if (eq <= 0 || entry.substring(eq + 1).replace("=", "").trim().isEmpty()) {
            throw new ConfigurationException(variable, "entries must look like kid=base64");
        }
        String kid = entry.substring(0, eq).trim();
        if (!kid.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigurationException(variable, "kid must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return new String[] {kid, entry.substring(eq + 1).trim()};
    }

    private static byte[] decode(String variable, String kid, String value) {
        try {
            return value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(variable, "the value of kid '" + kid + "' is not base64");
        }
    }

    private static Key hmacKey(String variable, String[] kidAndValue) {
        byte[] secret = decode(variable, kidAndValue[0], kidAndValue[1]);
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new ConfigurationException(variable, "the secret of kid '" + kidAndValue[0] + "' has "
                    + secret.length + " bytes; HS256 needs at least " + MIN_HMAC_SECRET_BYTES);
        }
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    private static PrivateKey ecPrivateKey(String variable, String[] kidAndValue) {
        try {
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(decode(variable, kidAndValue[0], kidAndValue[1])));
            requireP256(variable, kidAndValue[0], (ECKey) key);
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigurationException(variable,
                    "the value of kid '" + kidAndValue[0] + "' is not a PKCS#8 EC private key");
        }
    }

    private static PublicKey ecPublicKey(String variable, String[] kidAndValue) {
        byte[] der = decode(variable, kidAndValue[0], kidAndValue[1]);
        if (isPrivateKey(der)) {
            throw new ConfigurationException(variable, "the value of kid '" + kidAndValue[0] + "' is a private key; "
                    + "this variable takes public keys only (openssl ec -pubout)");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(der));
            requireP256(variable, kidAndValue[0], (ECKey) key);
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigurationException(variable,
                    "the value of kid '" + kidAndValue[0] + "' is not an X.509 EC public key");
        }
    }

    /** Whether the bytes parse as a PKCS#8 EC private key (so that a leaked private key is named as such). */
    private static boolean isPrivateKey(byte[] der) {
        try {
            KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void requireP256(String variable, String kid, ECKey key) {
        if (key.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new ConfigurationException(variable, "kid '" + kid + "' is not a P-256 key (ES256 needs P-256)");
        }
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** The kid new tokens are signed with, or null for a verify-only key ring. */
    public String signingKid() {
        return signingKid;
    }

    Key signingKey() {
        if (signingKey == null) {
            throw new IllegalStateException("this key ring only verifies tokens (no TOKEN_SIGNING_KEYS)");
        }
        return signingKey;
    }

    /** The verification key of a kid, or null. */
    Key verificationKey(String kid) {
        return verificationKeys.get(kid);
    }

    @Override
    public String toString() {
        return "SigningKeys[" + algorithm + ", signing kid=" + signingKid + ", verifying kids="
                + verificationKeys.keySet() + "]";
    }
}
