package io.github.vodhls.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cloud wiring: which variables each function needs, and that nothing reaches out at construction. */
class WiringTest {

    private static Map<String, String> cloudEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS", "k1=" + TestKeys.randomBase64(32));
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex("wiring-test-key"));
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        env.put("KMS_KEY_ID", "alias/vod-hls");
        env.put("FC_REGION", "cn-shanghai");
        env.put("TABLESTORE_ENDPOINT", "https://inst.cn-shanghai.vpc.tablestore.aliyuncs.com");
        env.put("TABLESTORE_INSTANCE", "inst");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.test-id");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-secret");
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", "test-token");
        return env;
    }

    private static FcResponse call(com.aliyun.fc.runtime.StreamRequestHandler handler, FcEventBuilder event)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        return FcResponse.parse(out.toByteArray());
    }

    private static FcResponse tokenRequest(Map<String, String> env) throws IOException {
        TokenHandler handler = new TokenHandler(new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom())
                .tokenFunction());
        return call(handler, FcEventBuilder.post("/token").bearer("wiring-test-key")
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}"));
    }

    @Test
    void tokenFunction_withCompleteCloudConfiguration_buildsWithoutContactingAnything() {
        FunctionGraph graph = new Wiring(cloudEnvironment(), MutableClock.atDefaultStart(), new SecureRandom())
                .tokenFunction();
        assertTrue(graph.endpoint() instanceof io.github.vodhls.core.endpoint.TokenEndpoint);
    }

    @Test
    void tokenFunction_withoutKmsKeyId_failsClosedNamingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.remove("KMS_KEY_ID");
        FcResponse r = tokenRequest(env);
        assertEquals(500, r.statusCode());
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("KMS_KEY_ID"), r.bodyText());
    }

    @Test
    void functionsThatMakeOrOpenKeys_withVodKeys_needNoKmsKeyId_andBuildWithoutContactingAnything() {
        Map<String, String> env = cloudEnvironment();
        env.remove("KMS_KEY_ID");
        env.put("KEY_SERVICE", "vod");
        env.put("VOD_TEMPLATE_GROUP_ID", "tg-encrypted-hls");
        env.put("VOD_CALLBACK_URL", "https://callback.example.com/vod");
        env.put("VOD_CALLBACK_PRIVATE_KEY", "callback-key");
        Wiring wiring = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom());
        for (FunctionGraph graph : java.util.List.of(wiring.tokenFunction(), wiring.decryptFunction(),
                wiring.uploadCallbackFunction())) {
            assertTrue(graph.failure().isEmpty(), () -> graph.failure().get().getMessage());
        }
    }

    @Test
    void keyService_otherThanKmsOrVod_failsClosedNamingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("KEY_SERVICE", "hsm");
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("KEY_SERVICE"), r.bodyText());
    }

    @Test
    void tokenFunction_withTablestoreButNoEndpoint_failsClosedNamingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.remove("TABLESTORE_ENDPOINT");
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("TABLESTORE_ENDPOINT"), r.bodyText());
    }

    @Test
    void decryptFunction_needsNoKmsKeyIdButARegion() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.remove("KMS_KEY_ID");
        env.remove("API_KEY_SHA256");
        env.remove("DECRYPT_BASE_URL");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).decryptFunction();
        assertTrue(graph.endpoint() instanceof io.github.vodhls.core.endpoint.DecryptEndpoint);

        env.remove("FC_REGION");
        DecryptHandler handler = new DecryptHandler(new Wiring(env, MutableClock.atDefaultStart(),
                new SecureRandom()).decryptFunction());
        FcResponse r = call(handler, FcEventBuilder.get("/decrypt").query("Ciphertext", "QUJD")
                .query("MtsHlsUriToken", "x.y.z"));
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("KMS_REGION"), r.bodyText());
    }

    @Test
    void anyFunction_withHalfTheAccessKey_failsClosedWithoutEchoingTheSecret() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.remove("ALIBABA_CLOUD_ACCESS_KEY_ID");
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("ALIBABA_CLOUD_ACCESS_KEY_ID"), r.bodyText());
        assertFalse(r.raw().contains("test-secret"));
    }

    @Test
    void failedGraph_initializerThrowsSoTheDeploymentShowsTheProblem() {
        Map<String, String> env = cloudEnvironment();
        env.put("STORE", "dynamo");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).tokenFunction();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> graph.warmUp(null));
        assertEquals("STORE", e.variable());
    }

    @Test
    void tokenFunction_withPlainHttpJwksUrl_failsClosedNamingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("LOGIN_JWKS_URL", "http://idp.example.com/.well-known/jwks.json");
        env.put("LOGIN_AUDIENCE", "our-app");
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("LOGIN_JWKS_URL"), r.bodyText());
    }

    @Test
    void tokenFunction_withBadLoginSecret_failsClosedWithoutEchoingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        String shortSecret = TestKeys.randomBase64(8);
        env.put("LOGIN_HMAC_SECRETS", "app=" + shortSecret);
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("LOGIN_HMAC_SECRETS"), r.bodyText());
        assertFalse(r.raw().contains(shortSecret));
    }

    @Test
    void tokenFunction_withWebhookAndLogins_buildsWithoutContactingAnything() {
        Map<String, String> env = cloudEnvironment();
        env.put("LOGIN_JWKS_URL", "https://idp.example.com/.well-known/jwks.json");
        env.put("LOGIN_AUDIENCE", "our-app");
        env.put("ENTITLEMENT_WEBHOOK_URL", "https://api.example.com/entitlements");
        env.put("ENTITLEMENT_WEBHOOK_SECRET", "webhook-secret");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).tokenFunction();
        assertTrue(graph.endpoint() instanceof io.github.vodhls.core.endpoint.TokenEndpoint);
    }

    @Test
    void tokenFunction_withSecretContainingSpaces_failsClosedWithoutEchoingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("ENTITLEMENT_WEBHOOK_URL", "https://api.example.com/entitlements");
        env.put("ENTITLEMENT_WEBHOOK_SECRET", "bad secret value");
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertFalse(r.raw().contains("bad secret value"));
    }

    @Test
    void uploadCallbackFunction_withCompleteConfiguration_buildsWithoutContactingAnything() {
        Map<String, String> env = cloudEnvironment();
        env.put("VOD_TEMPLATE_GROUP_ID", "tg-encrypted-hls");
        env.put("VOD_CALLBACK_URL", "https://callback.example.com/vod");
        env.put("VOD_CALLBACK_PRIVATE_KEY", "callback-key");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom())
                .uploadCallbackFunction();
        assertTrue(graph.endpoint() instanceof io.github.vodhls.core.endpoint.UploadCallbackEndpoint);
    }

    @Test
    void playlistFunction_needsTheOriginAndTheDecryptUrlButNoKmsNorApiKeys() {
        Map<String, String> env = cloudEnvironment();
        env.remove("KMS_KEY_ID");
        env.remove("API_KEY_SHA256");
        env.remove("FC_REGION");
        env.put("ORIGIN_BASE_URL", "https://bucket.oss-cn-shanghai.aliyuncs.com/hls");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).playlistFunction();
        assertTrue(graph.endpoint() instanceof io.github.vodhls.core.endpoint.PlaylistEndpoint);

        env.remove("ORIGIN_BASE_URL");
        FunctionGraph missing = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).playlistFunction();
        assertEquals("ORIGIN_BASE_URL",
                assertThrows(ConfigurationException.class, () -> missing.warmUp(null)).variable());

        env.put("ORIGIN_BASE_URL", "https://bucket.example.com/hls");
        env.remove("DECRYPT_BASE_URL");
        FunctionGraph noDecryptUrl = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom())
                .playlistFunction();
        assertEquals("DECRYPT_BASE_URL", assertThrows(ConfigurationException.class,
                () -> noDecryptUrl.warmUp(null)).variable(), "the host the viewers' tokens may go to");
        env.put("DECRYPT_BASE_URL", "https://key.example.test/decrypt");
        env.put("PLAYLIST_PATH_PREFIX", "media");
        FunctionGraph badPrefix = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom())
                .playlistFunction();
        assertEquals("PLAYLIST_PATH_PREFIX",
                assertThrows(ConfigurationException.class, () -> badPrefix.warmUp(null)).variable());
    }

    @Test
    void uploadCallbackFunction_withoutTemplateGroup_failsClosedNamingIt() {
        Map<String, String> env = cloudEnvironment();
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom())
                .uploadCallbackFunction();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> graph.warmUp(null));
        assertEquals("VOD_TEMPLATE_GROUP_ID", e.variable());
    }

    @Test
    void tokenFunction_withJwksButNoAudience_failsClosedNamingIt() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("LOGIN_JWKS_URL", "https://idp.example.com/.well-known/jwks.json");
        FcResponse r = tokenRequest(env);
        assertEquals("CONFIGURATION_INVALID", r.errorCode());
        assertTrue(r.json().get("message").getAsString().startsWith("LOGIN_AUDIENCE"), r.bodyText());
    }

    @Test
    void tokenFunction_withPlainHttpWebhook_failsClosed_butLoopbackIsAllowed() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("ENTITLEMENT_WEBHOOK_URL", "http://api.example.com/entitlements");
        FcResponse r = tokenRequest(env);
        assertTrue(r.json().get("message").getAsString().startsWith("ENTITLEMENT_WEBHOOK_URL"), r.bodyText());
        env.put("ENTITLEMENT_WEBHOOK_URL", "http://127.0.0.1:9/entitlements");
        assertTrue(new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).tokenFunction().endpoint()
                instanceof io.github.vodhls.core.endpoint.TokenEndpoint);
    }

    @Test
    void functionCompute_refusesTheInMemoryStore() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("STORE", "memory");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom(), null, true,
                line -> { }).decryptFunction();
        assertEquals("STORE", graph.configurationProblem().orElseThrow().variable());
        assertTrue(graph.configurationProblem().get().getMessage().contains("tests and benchmarks only"));
    }

    @Test
    void variablesTheFunctionDoesNotRead_areReportedInOneWarningLine() {
        Map<String, String> env = cloudEnvironment();
        env.put("ORIGIN_BASE_URL", "https://origin.example.test/");
        java.util.List<String> lines = new java.util.ArrayList<>();
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom(), null, false,
                lines::add).decryptFunction();
        assertFalse(graph.failure().isPresent(), "a warning, not a failure");
        assertEquals(1, lines.size(), lines.toString());
        com.google.gson.JsonObject line = com.google.gson.JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("decrypt", line.get("function").getAsString());
        assertEquals("unused-variables", line.get("outcome").getAsString());
        assertEquals("[\"API_KEY_SHA256\",\"DECRYPT_BASE_URL\",\"ORIGIN_BASE_URL\",\"KMS_KEY_ID\"]",
                line.get("variables").toString());
    }

    @Test
    void aBugWhileBuilding_isInternalError_withOneLogLine_neverAConfigurationError() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        Wiring wiring = new Wiring(cloudEnvironment(), MutableClock.atDefaultStart(), new SecureRandom(), null, false,
                lines::add);
        FunctionGraph graph = wiring.build(io.github.vodhls.core.config.FunctionName.TOKEN, config -> {
            throw new IllegalArgumentException("a bug, with a message that might quote anything");
        });
        assertFalse(graph.configurationProblem().isPresent());
        assertTrue(graph.failure().orElseThrow() instanceof IllegalStateException, "a bug, not a coded failure");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"outcome\":\"build-failed\""), lines.get(0));
        assertFalse(lines.get(0).contains("might quote"), "the exception's message is not logged");
        FcResponse r = call(new TokenHandler(graph), FcEventBuilder.post("/token").bearer("wiring-test-key")
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}"));
        assertEquals(500, r.statusCode());
        assertEquals("INTERNAL_ERROR", r.errorCode());
    }

    @Test
    void aVodEndpointThatIsAUrl_isAConfigurationError() throws IOException {
        Map<String, String> env = cloudEnvironment();
        env.put("VOD_ENDPOINT", "https://vod.cn-shanghai.aliyuncs.com");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> io.github.vodhls.core.config.Config.from(env));
        assertEquals("VOD_ENDPOINT", e.variable());
    }

    @Test
    void halfOfTheRolesCredentials_isAConfigurationErrorNamingTheMissingVariable_withoutTheOther() {
        Map<String, String> env = cloudEnvironment();
        env.remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        FunctionGraph graph = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom()).decryptFunction();
        ConfigurationException e = graph.configurationProblem().orElseThrow();
        assertEquals("ALIBABA_CLOUD_ACCESS_KEY_SECRET", e.variable());
        assertFalse(e.getMessage().contains("STS.test-id"));
    }
}
