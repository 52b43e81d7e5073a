package io.github.vodhls.core.auth;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks {@code Authorization: Bearer <api key>} against configured SHA-256 hashes. The key is hashed and compared
 * with every configured hash in constant time, so neither timing nor the configuration reveals a key.
 */
public final class ApiKeyAuthenticator {
    private final List<byte[]> hashes;

    /** @param hexSha256Hashes lowercase or uppercase hex SHA-256 digests of the allowed API keys */
    public ApiKeyAuthenticator(List<String> hexSha256Hashes) {
        List<byte[]> parsed = new ArrayList<>();
        for (String hex : hexSha256Hashes) {
            parsed.add(fromHex(hex.toLowerCase(Locale.ROOT)));
        }
        this.hashes = parsed;
    }

    /** The lowercase hex SHA-256 of an API key: what operators put in {@code API_KEY_SHA256}. */
    public static String sha256Hex(String apiKey) {
        StringBuilder sb = new StringBuilder();
        for (byte b : sha256(apiKey)) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    /** Accepts the request's Authorization header value or throws 401. */
    public void authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isEmpty()) {
            throw new CallerRejectedException(ErrorCode.API_KEY_MISSING, "Authorization: Bearer <api key> is required");
        }
        String value = authorizationHeader.trim();
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            throw new CallerRejectedException(ErrorCode.API_KEY_MISSING, "Authorization must use the Bearer scheme");
        }
        String key = value.substring(7).trim();
        if (key.isEmpty() || key.length() > 512) {
            throw new CallerRejectedException(ErrorCode.API_KEY_INVALID, "API key is not valid");
        }
        byte[] presented = sha256(key);
        boolean match = false;
        for (byte[] hash : hashes) {
            match |= MessageDigest.isEqual(hash, presented);
        }
        if (!match) {
            throw new CallerRejectedException(ErrorCode.API_KEY_INVALID, "API key is not valid");
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] fromHex(String hex) {
        if (hex.length() != 64) {
            throw new IllegalArgumentException("an API key hash has 64 hex digits");
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
