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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public static final int MIN_HMAC_SECRET_BYTES = KeyEntries.MIN_HMAC_SECRET_BYTES;

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
        KeyEntries.KeyReader verifyReader = algorithm == Algorithm.HS256
                ? (kid, secret) -> KeyEntries.hmacSecret(verifyVariable, kid, secret)
                : (kid, der) -> ecPublicKey(verifyVariable, kid, der);
        if (signing.isEmpty() && !needsSigningKey && !verifyOnly.isEmpty()) {
            return new SigningKeys(algorithm, null, null, KeyEntries.parse(verifyVariable, verifyOnly, verifyReader));
        }
        if (signing.isEmpty()) {
            throw new ConfigurationException(variable, "is required but not set (kid=base64 entries)");
        }
        Map<String, Key> signingKeys = KeyEntries.parse(variable, signing, algorithm == Algorithm.HS256
                ? (kid, secret) -> KeyEntries.hmacSecret(variable, kid, secret)
                : (kid, der) -> ecPrivateKey(variable, kid, der));
        String signingKid = signingKeys.keySet().iterator().next();
        // HS256 secrets verify as well as sign; ES256 private keys only sign (their public keys are listed apart).
        Map<String, Key> verification = algorithm == Algorithm.HS256 ? new LinkedHashMap<>(signingKeys)
                : new LinkedHashMap<>();
        for (Map.Entry<String, Key> entry : KeyEntries.parse(verifyVariable, verifyOnly, verifyReader).entrySet()) {
            Key signingKey = algorithm == Algorithm.HS256 ? signingKeys.get(entry.getKey()) : null;
            if (signingKey != null && MessageDigest.isEqual(signingKey.getEncoded(), entry.getValue().getEncoded())) {
                continue; // HS256: the verification list repeats a signing secret (one list for every function)
            }
            KeyEntries.putUnique(verifyVariable, verification, entry.getKey(), entry.getValue());
        }
        if (!verification.containsKey(signingKid)) {
            throw new ConfigurationException(verifyVariable,
                    "must hold the public key of the signing key '" + signingKid + "' (ES256)");
        }
        return new SigningKeys(algorithm, signingKid, signingKeys.get(signingKid), verification);
    }

    private static PrivateKey ecPrivateKey(String variable, String kid, byte[] der) {
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            requireP256(variable, kid, (ECKey) key);
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigurationException(variable, "the value of kid '" + kid + "' is not a PKCS#8 EC private key");
        }
    }

    private static PublicKey ecPublicKey(String variable, String kid, byte[] der) {
        if (isPrivateKey(der)) {
            throw new ConfigurationException(variable, "the value of kid '" + kid + "' is a private key; "
                    + "this variable takes public keys only (openssl ec -pubout)");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            requireP256(variable, kid, (ECKey) key);
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigurationException(variable, "the value of kid '" + kid + "' is not an X.509 EC public key");
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
