package io.github.vodhls.local;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands in for the customer's app login: {@code POST /login {"userId"}} answers a login JWT (HS256) exactly like
 * an app's identity provider would, which players then present to {@code /token}. There is no password: it is a
 * demo of the flow on one machine, and it binds only to 127.0.0.1.
 */
final class LocalLogin {
    static final String KID = "local-login";
    static final String ISSUER = "vod-hls-encryption-local-login";
    static final String AUDIENCE = "vod-hls-encryption";
    static final long LIFETIME_SECONDS = 3600;

    private final byte[] secret;
    private final Clock clock;

    LocalLogin(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    /** A signed login token for the user (the caller validates the id's shape). */
    String loginToken(String userId) {
        JsonObject header = new JsonObject();
        header.addProperty("alg", "HS256");
        header.addProperty("typ", "JWT");
        header.addProperty("kid", KID);
        long now = clock.instant().getEpochSecond();
        JsonObject claims = new JsonObject();
        claims.addProperty("iss", ISSUER);
        claims.addProperty("aud", AUDIENCE);
        claims.addProperty("sub", userId);
        claims.addProperty("iat", now);
        claims.addProperty("exp", now + LIFETIME_SECONDS);
        String signingInput = base64Url(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
