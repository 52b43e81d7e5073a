package io.github.vodhls.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the FC initializer of each cloud function builds ahead of the first request, and what it leaves for later. */
class WiringWarmUpTest {
    private static final String API_KEY = "warm-up-test-key";

    /** In-memory stores (no Tablestore client), KMS at a loopback port nothing listens on. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("STORE", "memory");
        env.put("TOKEN_SIGNING_KEYS", "k1=" + TestKeys.randomBase64(32));
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(API_KEY));
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        env.put("KMS_KEY_ID", "alias/vod-hls");
        env.put("FC_REGION", "cn-shanghai");
        env.put("KMS_ENDPOINT", "127.0.0.1:" + closedPort());
        env.put("KMS_CONNECT_TIMEOUT_MS", "500");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.test-id");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-secret");
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", "test-token");
        return env;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static FcResponse call(TokenHandler handler, FcEventBuilder event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        return FcResponse.parse(out.toByteArray());
    }

    @Test
    void tokenFunction_initializerAndTokenRequests_leaveTheKmsClientUnbuilt_untilTheFirstKeysRequest()
            throws IOException {
        Wiring wiring = new Wiring(environment(), MutableClock.atDefaultStart(), new SecureRandom());
        TokenHandler handler = new TokenHandler(wiring.tokenFunction());

        handler.initialize(new TestContext());
        assertFalse(wiring.kmsClientCreated(), "the initializer builds no KMS client: only /keys needs one");
        assertEquals(200, call(handler, FcEventBuilder.post("/token").bearer(API_KEY)
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}")).statusCode());
        assertFalse(wiring.kmsClientCreated(), "a token request needs no KMS client");

        FcResponse keys = call(handler, FcEventBuilder.post("/keys").bearer(API_KEY).json("{\"videoId\":\"v2\"}"));
        assertTrue(wiring.kmsClientCreated(), "the first /keys request builds it");
        assertEquals(503, keys.statusCode(), keys.bodyText());
        assertEquals("KMS_UNAVAILABLE", keys.errorCode(), "nothing listens at KMS_ENDPOINT: fails as before");
    }

    @Test
    void decryptFunction_initializer_buildsTheKmsClient() throws IOException {
        Wiring wiring = new Wiring(environment(), MutableClock.atDefaultStart(), new SecureRandom());
        FunctionGraph graph = wiring.decryptFunction();
        assertFalse(wiring.kmsClientCreated(), "nothing is built with the graph");

        graph.warmUp(null);
        assertTrue(wiring.kmsClientCreated(), "a key fetch with a cold cache needs KMS: built before traffic");
    }

    @Test
    void uploadCallbackFunction_initializer_buildsTheKmsClient() throws IOException {
        Map<String, String> env = environment();
        env.put("VOD_TEMPLATE_GROUP_ID", "tg-encrypted-hls");
        env.put("VOD_CALLBACK_URL", "https://callback.example.com/vod");
        env.put("VOD_CALLBACK_PRIVATE_KEY", "callback-key");
        Wiring wiring = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom());
        FunctionGraph graph = wiring.uploadCallbackFunction();

        graph.warmUp(null);
        assertTrue(wiring.kmsClientCreated(), "every new upload needs a data key");
    }
}
