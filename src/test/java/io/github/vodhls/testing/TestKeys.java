package io.github.vodhls.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Token signing keys generated afresh by each test run, rendered as the {@code kid=base64} entries of
 * {@code TOKEN_SIGNING_KEYS} / {@code TOKEN_VERIFICATION_KEYS}. Nothing here is a constant a deployment could copy.
 */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    /** Random bytes, base64 (standard alphabet, padded). */
    public static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A fresh 32-byte HS256 secret, base64. */
    public static String hs256Secret() {
        return randomBase64(32);
    }

    /** {@code kid=<fresh 32-byte secret>}. */
    public static String hs256Entry(String kid) {
        return kid + "=" + hs256Secret();
    }

    /** A fresh EC key pair on the given curve ({@code secp256r1} for ES256). */
    public static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ES256 key with its two config entries. */
    public static Es256 es256(String kid) {
        return new Es256(kid, ecKeyPair("secp256r1"));
    }

    /** An EC key pair as {@code kid=base64(PKCS#8)} (signing) and {@code kid=base64(X.509)} (verification). */
    public static final class Es256 {
        private final String kid;
        private final KeyPair pair;

        public Es256(String kid, KeyPair pair) {
            this.kid = kid;
            this.pair = pair;
        }

        public KeyPair pair() {
            return pair;
        }

        public String privateEntry() {
            return kid + "=" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        }

        public String publicEntry() {
            return kid + "=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        }

        public byte[] publicKeyBytes() {
            return pair.getPublic().getEncoded();
        }
    }
}
