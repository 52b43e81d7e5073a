package io.github.vodhls.bench;

import com.google.gson.JsonObject;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.functions.PlaylistHandler;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The functions wired as on FC but with in-memory stores and a KMS that really wraps keys (AES-GCM), for benchmarks
 * and the cold-start probe. Everything is generated per run; nothing here is a deployable secret.
 */
final class BenchFixture {
    static final String API_KEY = "bench-api-key";

    final TokenHandler token;
    final DecryptHandler decrypt;
    /** The same, reading the video's revocation before the use on the request's thread (no second thread). */
    final DecryptHandler decryptReadFirst;
    /** As {@link #decryptReadFirst} with no cache of verified tokens: every fetch checks its token in full. */
    final DecryptHandler decryptReadFirstUncached;
    final PlaylistHandler playlist;
    /** The playlist function's origin: {@code videoId/file} to playlist text. */
    final Map<String, String> origin = new HashMap<>();

    BenchFixture() {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS", "bench-1=" + Base64.getEncoder().encodeToString(secret));
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(API_KEY));
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        env.put("TOKEN_MAX_MAX_USES", "1000000");
        env.put("STORE", "memory");
        FunctionGraphs endpoints = new FunctionGraphs(Config.from(env), Clock.systemUTC(), random);
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        Backends backends = new Backends(new GcmKms(random), tokens, new InMemoryVideoKeyRegistry(),
                context -> { });
        token = new TokenHandler(endpoints.token(backends));
        decrypt = new DecryptHandler(endpoints.decrypt(backends));
        decryptReadFirst = new DecryptHandler(endpoints.withRevocationReadFirst().decrypt(backends));
        Map<String, String> uncached = new HashMap<>(env);
        uncached.put("TOKEN_VERIFIED_CACHE_ENTRIES", "0");
        decryptReadFirstUncached = new DecryptHandler(new FunctionGraphs(Config.from(uncached), Clock.systemUTC(),
                random).withRevocationReadFirst().decrypt(backends));
        playlist = new PlaylistHandler(endpoints.playlist(tokens,
                path -> java.util.Optional.ofNullable(origin.get(path.relative())), context -> { }, () -> { }));
    }

    /**
     * A VOD-style AES-128 media playlist of {@code segments} 10-second segments with a new key every
     * {@code segmentsPerKey} segments.
     */
    static String mediaPlaylist(int segments, int segmentsPerKey) {
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        for (int i = 0; i < segments; i++) {
            if (i % segmentsPerKey == 0) {
                playlist.append("#EXT-X-KEY:METHOD=AES-128,URI=\"https://key.example.test/decrypt?Ciphertext=")
                        .append("NzI0ZjBhNjItYmU1NS00YTQ3LWI1YjUtZjc1ZDM5NjZhYzQ0").append(i)
                        .append("%3D%3D\",IV=0x").append(String.format("%032x", i)).append('\n');
            }
            playlist.append("#EXTINF:10.000000,\n").append(String.format("seg_%05d.ts", i)).append('\n');
        }
        return playlist.append("#EXT-X-ENDLIST\n").toString();
    }

    /** Registers a key for the video via POST /keys and returns its ciphertext. */
    String registerKey(String videoId) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("videoId", videoId);
        JsonObject response = responseBody(invoke(token, postEvent("/keys", body.toString())));
        return response.get("ciphertext").getAsString();
    }

    /** Issues a token via POST /token. */
    String issueToken(String videoId, int maxUses) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("videoId", videoId);
        body.addProperty("userId", "bench-user");
        body.addProperty("maxUses", maxUses);
        return responseBody(invoke(token, postEvent("/token", body.toString()))).get("token").getAsString();
    }

    static byte[] invoke(com.aliyun.fc.runtime.StreamRequestHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        handler.handleRequest(new ByteArrayInputStream(event), out, BenchContext.INSTANCE);
        return out.toByteArray();
    }

    static JsonObject responseBody(byte[] fcResponse) {
        JsonObject response = com.google.gson.JsonParser.parseString(new String(fcResponse, StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (response.get("statusCode").getAsInt() != 200) {
            throw new IllegalStateException("unexpected response " + response);
        }
        return com.google.gson.JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
    }

    static byte[] postEvent(String path, String body) {
        JsonObject headers = new JsonObject();
        headers.addProperty("authorization", "Bearer " + API_KEY);
        headers.addProperty("content-type", "application/json");
        return event("POST", path, headers, new JsonObject(), body);
    }

    static byte[] decryptEvent(String ciphertext, String token) {
        JsonObject query = new JsonObject();
        query.addProperty("Ciphertext", ciphertext);
        query.addProperty("MtsHlsUriToken", token);
        JsonObject headers = new JsonObject();
        headers.addProperty("origin", "https://player.example.test");
        return event("GET", "/decrypt", headers, query, null);
    }

    /** An FC 3.0 HTTP trigger event as FC delivers it. */
    static byte[] event(String method, String path, JsonObject headers, JsonObject query, String body) {
        JsonObject event = new JsonObject();
        event.addProperty("version", "v1");
        event.addProperty("rawPath", URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/"));
        event.addProperty("body", body == null ? "" : body);
        event.addProperty("isBase64Encoded", false);
        event.add("headers", headers);
        event.add("queryParameters", query);
        JsonObject http = new JsonObject();
        http.addProperty("method", method);
        http.addProperty("path", path);
        http.addProperty("protocol", "HTTP/1.1");
        http.addProperty("sourceIp", "203.0.113.7");
        http.addProperty("userAgent", "bench");
        JsonObject context = new JsonObject();
        context.addProperty("accountId", "1234567890");
        context.addProperty("domainName", "key.example.test");
        context.addProperty("requestId", "1-bench");
        context.addProperty("domainPrefix", "key");
        context.addProperty("time", "2026-11-23T08:00:00Z");
        context.addProperty("timeEpoch", "1795420800000");
        context.add("http", http);
        event.add("requestContext", context);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** AES-256-GCM key wrapping, like the local KMS: real crypto so the decrypt path is not flattered. */
    static final class GcmKms implements KeyManagement {
        private final SecureRandom random;
        private final SecretKeySpec master;

        GcmKms(SecureRandom random) {
            this(random, randomKey(random));
        }

        GcmKms(SecureRandom random, byte[] masterKey) {
            this.random = random;
            this.master = new SecretKeySpec(masterKey, "AES");
        }

        static byte[] randomKey(SecureRandom random) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return key;
        }

        @Override
        public DataKey generateDataKey() {
            try {
                byte[] plaintext = new byte[16];
                random.nextBytes(plaintext);
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, nonce));
                byte[] sealed = cipher.doFinal(plaintext);
                byte[] blob = new byte[12 + sealed.length];
                System.arraycopy(nonce, 0, blob, 0, 12);
                System.arraycopy(sealed, 0, blob, 12, sealed.length);
                return new DataKey(Base64.getEncoder().encodeToString(blob), plaintext);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public byte[] decrypt(String ciphertext) {
            try {
                byte[] blob = Base64.getDecoder().decode(ciphertext);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, blob, 0, 12));
                return cipher.doFinal(blob, 12, blob.length - 12);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
