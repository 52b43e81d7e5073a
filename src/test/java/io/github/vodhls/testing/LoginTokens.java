package io.github.vodhls.testing;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.gson.io.GsonSerializer;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * Login JWTs as a customer's app would mint them, signed with keys generated afresh by each run, plus the JWKS and
 * {@code kid=base64} renderings of those keys.
 */
public final class LoginTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LoginTokens() {
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code kid=base64(X.509 DER)}. */
    public static String publicEntry(String kid, PublicKey key) {
        return kid + "=" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** {@code kid=base64(secret)}. */
    public static String secretEntry(String kid, byte[] secret) {
        return kid + "=" + Base64.getEncoder().encodeToString(secret);
    }

    /** A JWKS document ({@code {"keys":[...]}}) of public keys, each under its kid (kid, key, kid, key, ...). */
    public static String jwks(Object... kidsAndKeys) {
        StringJoiner keys = new StringJoiner(",", "{\"keys\":[", "]}");
        for (int i = 0; i < kidsAndKeys.length; i += 2) {
            keys.add(Jwks.json(Jwks.builder().key((PublicKey) kidsAndKeys[i + 1]).id((String) kidsAndKeys[i])
                    .build()));
        }
        return keys.toString();
    }

    /**
     * A login token for {@code sub=user-1}, issued now and valid for 10 minutes by {@code clock}; {@code kid} may be
     * null; {@code customize} adds or overrides claims.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String sign(Key key, SecureDigestAlgorithm algorithm, String kid, Clock clock,
            UnaryOperator<JwtBuilder> customize) {
        JwtBuilder builder = Jwts.builder()
                .json(new GsonSerializer<Map<String, ?>>())
                .subject("user-1")
                .issuedAt(Date.from(clock.instant()))
                .expiration(Date.from(clock.instant().plus(Duration.ofMinutes(10))));
        if (kid != null) {
            builder.header().keyId(kid);
        }
        return customize.apply(builder).signWith(key, algorithm).compact();
    }

    /** An unsecured JWT ({@code alg: none}) with the given payload JSON. */
    public static String unsecured(String payloadJson) {
        return b64("{\"alg\":\"none\"}") + "." + b64(payloadJson) + ".";
    }

    /** The token with its payload replaced by {@code payloadJson} (signature kept). */
    public static String withPayload(String token, String payloadJson) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(payloadJson) + "." + parts[2];
    }

    public static String payloadJson(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
