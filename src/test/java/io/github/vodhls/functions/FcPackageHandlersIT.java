package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.adapters.aliyun.AcsClients;
import io.github.vodhls.adapters.aliyun.KmsKeyManagement;
import io.github.vodhls.adapters.aliyun.LoopbackKms;
import io.github.vodhls.adapters.aliyun.RoleCredentials;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token and decrypt handlers of the FC package, wired by {@link FunctionGraphs} with the real KMS adapter against the
 * loopback HTTPS KMS stand-in and in-memory stores, driven through FC 3.0 HTTP event JSON.
 */
class FcPackageHandlersIT {
    private static final String ALIAS = "alias/test";

    @TempDir
    Path dir;
    private final String apiKey = TestKeys.randomBase64(24);
    private final TestContext context = new TestContext();
    private LoopbackKms server;
    private AcsClients clients;
    private TokenHandler tokenHandler;
    private DecryptHandler decryptHandler;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackKms.start(dir, ALIAS).allow("STS.fc", "fc-secret", "fc-token");
        clients = server.clients(new RoleCredentials("STS.fc", "fc-secret", "fc-token"));
        Map<String, String> env = Map.of(
                "TOKEN_SIGNING_KEYS", TestKeys.hs256Entry("k1"),
                "API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey),
                "DECRYPT_BASE_URL", "https://key.example.com/decrypt");
        Backends backends = new Backends(new KmsKeyManagement(clients, ALIAS), new InMemoryTokenStore(),
                new InMemoryVideoKeyRegistry(), ctx -> { });
        FunctionGraphs endpoints = new FunctionGraphs(Config.from(env), Clock.systemUTC(), new SecureRandom());
        tokenHandler = new TokenHandler(endpoints.token(backends));
        decryptHandler = new DecryptHandler(endpoints.decrypt(backends));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void keysThenTokenThenDecrypt_returnsTheSixteenKeyBytes_andTheSecondFetchIsServedFromTheCache()
            throws IOException {
        FcResponse keys = call(tokenHandler, FcEventBuilder.post("/keys").bearer(apiKey)
                .json("{\"videoId\":\"video-1\"}"));
        assertEquals(200, keys.statusCode(), keys.bodyText());
        String ciphertext = keys.json().get("ciphertext").getAsString();
        FcResponse issued = call(tokenHandler, FcEventBuilder.post("/token").bearer(apiKey)
                .json("{\"videoId\":\"video-1\",\"userId\":\"user-1\",\"maxUses\":5}"));
        assertEquals(200, issued.statusCode(), issued.bodyText());
        String token = issued.json().get("token").getAsString();

        FcResponse first = call(decryptHandler, keyRequest(ciphertext, token));
        FcResponse second = call(decryptHandler, keyRequest(ciphertext, token));

        for (FcResponse key : new FcResponse[] {first, second}) {
            assertEquals(200, key.statusCode(), key.raw());
            assertTrue(key.isBase64Encoded(), key.raw());
            assertEquals("application/octet-stream", key.header("Content-Type"));
            assertEquals(16, key.body().length);
        }
        assertArrayEquals(first.body(), second.body());
        assertEquals(1, server.served("GenerateDataKeyWithoutPlaintext"), "the token function never holds the plaintext");
        assertEquals(1, server.served("Decrypt"), server.calls().toString());
        assertArrayEquals(new KmsKeyManagement(clients, ALIAS).decrypt(ciphertext), first.body(),
                "the key bytes are the data key KMS wrapped");
    }

    private static FcEventBuilder keyRequest(String ciphertext, String token) {
        return FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext).query("MtsHlsUriToken", token);
    }

    private FcResponse call(FcHttpFunction handler, FcEventBuilder event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, context);
        return FcResponse.parse(out.toByteArray());
    }
}
