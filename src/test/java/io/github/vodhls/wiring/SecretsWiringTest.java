package io.github.vodhls.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.fc.runtime.StreamRequestHandler;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.functions.PlaylistHandler;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.functions.UploadCallbackHandler;
import io.github.vodhls.testing.FakeSecrets;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Secrets from KMS Secrets Manager ({@code *_SECRET} variables) as the functions use them: read at start, re-read every
 * SECRETS_REFRESH_SECONDS so a rotation takes effect without a redeploy, fail closed when they cannot be read at
 * start, never made worse by a failed re-read or a broken new value, never logged.
 */
class SecretsWiringTest {
    private static final String SIGNING_SECRET = "vod-hls-token-signing-keys";
    private static final String API_SECRET = "vod-hls-api-key-sha256";

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final FakeSecrets secrets = new FakeSecrets();
    private final String k1 = "k1=" + TestKeys.hs256Secret();

    private static Map<String, String> tokenEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS_SECRET", SIGNING_SECRET);
        env.put("API_KEY_SHA256_SECRET", API_SECRET);
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        env.put("KMS_KEY_ID", "alias/vod-hls");
        env.put("FC_REGION", "cn-shanghai");
        env.put("STORE", "memory");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.test-id");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-secret");
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", "test-token");
        return env;
    }

    private TokenHandler tokenHandler(Map<String, String> env) {
        return new TokenHandler(new Wiring(env, clock, new SecureRandom(), secrets).tokenFunction());
    }

    private static FcResponse call(StreamRequestHandler handler, FcEventBuilder event, TestContext context)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, context);
        return FcResponse.parse(out.toByteArray());
    }

    private static FcResponse issue(StreamRequestHandler handler, String apiKey, TestContext context)
            throws IOException {
        return call(handler, FcEventBuilder.post("/token").bearer(apiKey).json("{\"videoId\":\"v\",\"userId\":\"u\"}"),
                context);
    }

    private static String kidOf(FcResponse issued) {
        String token = issued.json().get("token").getAsString();
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        return JsonParser.parseString(header).getAsJsonObject().get("kid").getAsString();
    }

    private static List<JsonObject> secretEvents(TestContext context) {
        return context.requestLogLines().stream().filter(l -> l.has("event"))
                .collect(Collectors.toList());
    }

    @Test
    void tokenFunction_readsItsKeysFromTheSecrets_atStartOnly() throws IOException {
        secrets.put(SIGNING_SECRET, k1 + "\n").put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        TokenHandler handler = tokenHandler(tokenEnvironment());
        assertEquals(2, secrets.reads(), "both secrets read when the instance starts");
        FcResponse issued = issue(handler, "key-a", new TestContext());
        assertEquals(200, issued.statusCode(), issued.bodyText());
        assertEquals("k1", kidOf(issued));
        assertEquals(401, issue(handler, "key-b", new TestContext()).statusCode());
        clock.advance(Duration.ofSeconds(299));
        issue(handler, "key-a", new TestContext());
        assertEquals(2, secrets.reads(), "not re-read within SECRETS_REFRESH_SECONDS (300)");
    }

    @Test
    void rotation_takesEffectAfterTheRefreshInterval_withoutARedeploy() throws IOException {
        secrets.put(SIGNING_SECRET, k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        TokenHandler handler = tokenHandler(tokenEnvironment());
        String k2 = "k2=" + TestKeys.hs256Secret();
        secrets.put(SIGNING_SECRET, k2 + "," + k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-b"));
        assertEquals(200, issue(handler, "key-a", new TestContext()).statusCode(), "old values until the refresh");

        clock.advance(Duration.ofSeconds(300));
        TestContext context = new TestContext();
        FcResponse issued = issue(handler, "key-b", context);
        assertEquals(200, issued.statusCode(), issued.bodyText());
        assertEquals("k2", kidOf(issued), "the new first key signs");
        assertEquals(4, secrets.reads());
        JsonObject event = secretEvents(context).get(0);
        assertEquals("rotated", event.get("outcome").getAsString());
        assertEquals("token", event.get("function").getAsString());
        FcResponse refused = issue(handler, "key-a", new TestContext());
        assertEquals(401, refused.statusCode());
        assertEquals("API_KEY_INVALID", refused.errorCode());
        assertFalse(context.logText().contains(k2.substring(3)), "no secret value in the log");
        assertFalse(context.logText().contains(ApiKeyAuthenticator.sha256Hex("key-b")));
    }

    @Test
    void refreshThatFails_keepsTheValuesReadBefore_andSaysSo() throws IOException {
        secrets.put(SIGNING_SECRET, k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        TokenHandler handler = tokenHandler(tokenEnvironment());
        secrets.outage(true);
        clock.advance(Duration.ofSeconds(301));
        TestContext context = new TestContext();
        FcResponse issued = issue(handler, "key-a", context);
        assertEquals(200, issued.statusCode(), "a KMS outage after a good start changes nothing for callers");
        JsonObject event = secretEvents(context).get(0);
        assertEquals("refresh-failed", event.get("outcome").getAsString());
        assertEquals("SECRETS_UNAVAILABLE", event.get("code").getAsString());
        assertTrue(context.lines().stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("refresh-failed")));
        int reads = secrets.reads();
        issue(handler, "key-a", new TestContext());
        assertEquals(reads, secrets.reads(), "the next re-read waits for the next interval");
    }

    @Test
    void rotationToAValueThatDoesNotParse_isRejected_andTheOldKeysStay() throws IOException {
        secrets.put(SIGNING_SECRET, k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        TokenHandler handler = tokenHandler(tokenEnvironment());
        String tooShort = "k3=" + TestKeys.randomBase64(8);
        secrets.put(SIGNING_SECRET, tooShort);
        clock.advance(Duration.ofSeconds(300));
        TestContext context = new TestContext();
        FcResponse issued = issue(handler, "key-a", context);
        assertEquals(200, issued.statusCode());
        assertEquals("k1", kidOf(issued));
        JsonObject event = secretEvents(context).get(0);
        assertEquals("rotation-rejected", event.get("outcome").getAsString());
        assertEquals("CONFIGURATION_INVALID", event.get("code").getAsString());
        assertTrue(event.get("message").getAsString().startsWith("TOKEN_SIGNING_KEYS: "), event.toString());
        assertFalse(context.logText().contains(tooShort.substring(3)), "the broken value is not logged either");
    }

    @Test
    void secretsUnreadableAtStart_failClosedWith503_andTheInstanceRecoversWhenKmsAnswers() throws IOException {
        secrets.put(SIGNING_SECRET, k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        secrets.outage(true);
        TokenHandler handler = tokenHandler(tokenEnvironment());
        VodHlsException atInit = assertThrows(VodHlsException.class, () -> handler.initialize(new TestContext()));
        assertEquals("SECRETS_UNAVAILABLE", atInit.errorCode().code());
        FcResponse refused = issue(handler, "key-a", new TestContext());
        assertEquals(503, refused.statusCode());
        assertEquals("SECRETS_UNAVAILABLE", refused.errorCode());

        secrets.outage(false);
        assertEquals(503, issue(handler, "key-a", new TestContext()).statusCode(), "retried only after 10 s");
        clock.advance(SecretReloader.RETRY_FAILED);
        TestContext context = new TestContext();
        assertEquals(200, issue(handler, "key-a", context).statusCode());
        assertEquals("recovered", secretEvents(context).get(0).get("outcome").getAsString());
    }

    @Test
    void missingSecret_failsClosedNamingTheVariableAndTheSecret() throws IOException {
        secrets.put(SIGNING_SECRET, k1);
        TestContext context = new TestContext();
        FcResponse refused = issue(tokenHandler(tokenEnvironment()), "key-a", context);
        assertEquals(500, refused.statusCode());
        assertEquals("CONFIGURATION_INVALID", refused.errorCode());
        assertEquals("API_KEY_SHA256_SECRET is missing or invalid; the function log has details",
                refused.json().get("message").getAsString(), "the caller learns the variable, not the details");
        String message = context.lastRequestLogLine().get("message").getAsString();
        assertTrue(message.startsWith("API_KEY_SHA256_SECRET: KMS secret '" + API_SECRET + "': does not exist"),
                message);
    }

    @Test
    void plainVariableAndItsSecret_bothSet_isRefused() throws IOException {
        secrets.put(SIGNING_SECRET, k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        Map<String, String> env = tokenEnvironment();
        env.put("TOKEN_SIGNING_KEYS", "k9=" + TestKeys.hs256Secret());
        TestContext context = new TestContext();
        FcResponse refused = issue(tokenHandler(env), "key-a", context);
        assertEquals("CONFIGURATION_INVALID", refused.errorCode());
        assertEquals("TOKEN_SIGNING_KEYS_SECRET: set either TOKEN_SIGNING_KEYS or TOKEN_SIGNING_KEYS_SECRET, "
                + "not both", context.lastRequestLogLine().get("message").getAsString());
    }

    @Test
    void refreshZero_readsOnce() throws IOException {
        secrets.put(SIGNING_SECRET, k1).put(API_SECRET, ApiKeyAuthenticator.sha256Hex("key-a"));
        Map<String, String> env = tokenEnvironment();
        env.put("SECRETS_REFRESH_SECONDS", "0");
        TokenHandler handler = tokenHandler(env);
        clock.advance(Duration.ofDays(3));
        assertEquals(200, issue(handler, "key-a", new TestContext()).statusCode());
        assertEquals(2, secrets.reads());
    }

    @Test
    void withoutSecretVariables_nothingIsRead() {
        Map<String, String> env = tokenEnvironment();
        env.remove("TOKEN_SIGNING_KEYS_SECRET");
        env.remove("API_KEY_SHA256_SECRET");
        env.put("TOKEN_SIGNING_KEYS", k1);
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex("key-a"));
        tokenHandler(env);
        assertEquals(0, secrets.reads());
    }

    // ------------------------------------------------------------- verify-only functions hold public keys only

    private static Map<String, String> verifyEnvironment(String function) {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_ALGORITHM", "ES256");
        env.put("FC_REGION", "cn-shanghai");
        env.put("STORE", "memory");
        env.put("ORIGIN_BASE_URL", "https://origin.example.test/media/");
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        return env;
    }

    /** The function's answer to a request, with the log line's message in place of the response's message. */
    private FcResponse verifyOnlyCall(String function, Map<String, String> env) throws IOException {
        return verifyOnlyCall(function, env, new TestContext());
    }

    private FcResponse verifyOnlyCall(String function, Map<String, String> env, TestContext context)
            throws IOException {
        Wiring wiring = new Wiring(env, clock, new SecureRandom(), secrets);
        StreamRequestHandler handler = function.equals("decrypt") ? new DecryptHandler(wiring.decryptFunction())
                : new PlaylistHandler(wiring.playlistFunction());
        String junk = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImUxIn0.eyJzdWIiOiJ1In0.AAAA";
        FcEventBuilder event = function.equals("decrypt")
                ? FcEventBuilder.get("/decrypt").query("Ciphertext", "AAAA").query("MtsHlsUriToken", junk)
                : FcEventBuilder.get("/media/v/index.m3u8").query("MtsHlsUriToken", junk);
        return call(handler, event, context);
    }

    @Test
    void decryptAndPlaylist_givenAnEs256PrivateKey_refuseToStart() throws IOException {
        TestKeys.Es256 key = TestKeys.es256("e1");
        for (String function : List.of("decrypt", "playlist")) {
            Map<String, String> env = verifyEnvironment(function);
            env.put("TOKEN_SIGNING_KEYS", key.privateEntry());
            env.put("TOKEN_VERIFICATION_KEYS", key.publicEntry());
            TestContext context = new TestContext();
            FcResponse refused = verifyOnlyCall(function, env, context);
            assertEquals(500, refused.statusCode(), function);
            assertEquals("CONFIGURATION_INVALID", refused.errorCode(), function);
            String logged = context.lastRequestLogLine().get("message").getAsString();
            assertTrue(logged.startsWith("TOKEN_SIGNING_KEYS: holds ES256 private keys"), logged);

            env.remove("TOKEN_SIGNING_KEYS");
            env.put("TOKEN_VERIFICATION_KEYS", key.privateEntry());
            context = new TestContext();
            refused = verifyOnlyCall(function, env, context);
            assertEquals("CONFIGURATION_INVALID", refused.errorCode(), function);
            assertEquals("TOKEN_VERIFICATION_KEYS: the value of kid 'e1' is a private key; this variable takes "
                    + "public keys only (openssl ec -pubout)",
                    context.lastRequestLogLine().get("message").getAsString());
            assertFalse(context.logText().contains(key.privateEntry().substring(3, 40)), "not the key itself");
        }
    }

    @Test
    void decryptAndPlaylist_readTheirPublicKeysFromASecret() throws IOException {
        TestKeys.Es256 key = TestKeys.es256("e1");
        secrets.put("vod-hls-token-verification-keys", key.publicEntry());
        for (String function : List.of("decrypt", "playlist")) {
            Map<String, String> env = verifyEnvironment(function);
            env.put("TOKEN_VERIFICATION_KEYS_SECRET", "vod-hls-token-verification-keys");
            FcResponse refused = verifyOnlyCall(function, env);
            assertEquals(403, refused.statusCode(), function + " verifies (and refuses a forged token) "
                    + refused.bodyText());
            assertEquals("TOKEN_BAD_SIGNATURE", refused.errorCode(), function);
        }
    }

    @Test
    void uploadCallback_readsTheCallbackKeyFromASecret() throws IOException {
        secrets.put("vod-hls-vod-callback-private-key", "callback-key-1");
        Map<String, String> env = new HashMap<>();
        env.put("VOD_CALLBACK_PRIVATE_KEY_SECRET", "vod-hls-vod-callback-private-key");
        env.put("VOD_CALLBACK_URL", "https://callback.example.test/vod");
        env.put("VOD_TEMPLATE_GROUP_ID", "group");
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        env.put("KMS_KEY_ID", "alias/vod-hls");
        env.put("FC_REGION", "cn-shanghai");
        env.put("STORE", "memory");
        FunctionGraph graph = new Wiring(env, clock, new SecureRandom(), secrets).uploadCallbackFunction();
        assertFalse(graph.failure().isPresent(), () -> graph.failure().get().getMessage());
        FcResponse refused = call(new UploadCallbackHandler(graph), FcEventBuilder.post("/vod")
                .header("X-VOD-TIMESTAMP", String.valueOf(clock.instant().getEpochSecond()))
                .header("X-VOD-SIGNATURE", "0".repeat(32)).json("{\"EventType\":\"FileUploadComplete\"}"),
                new TestContext());
        assertEquals("CALLBACK_SIGNATURE_INVALID", refused.errorCode(), "the function verifies with the secret key");
    }
}
