package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.adapters.aliyun.AcsClients;
import io.github.vodhls.adapters.aliyun.KmsKeyManagement;
import io.github.vodhls.adapters.aliyun.LoopbackKms;
import io.github.vodhls.adapters.aliyun.LoopbackVod;
import io.github.vodhls.adapters.aliyun.RoleCredentials;
import io.github.vodhls.adapters.aliyun.VodKeyManagement;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.keys.KeyServices;
import io.github.vodhls.core.video.VideoKey;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment that switched from KMS to VOD's data keys (KEY_SERVICE=vod), on the FC package: the token function
 * makes new keys with VOD's {@code GenerateKMSDataKey}, and the decrypt function opens each video's key with the service
 * that made it, a video keyed under KMS before the switch with KMS {@code Decrypt}, a new one with VOD's
 * {@code DecryptKMSDataKey}, building each client only when a key of its service first shows up. Both stand-ins check
 * every request's signature and STS credentials.
 */
class FcPackageKeyServicesIT {
    private static final String ALIAS = "alias/test";
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("STS.fc", "fc-secret", "fc-token");

    @TempDir
    Path kmsDir;
    @TempDir
    Path vodDir;
    private final String apiKey = TestKeys.randomBase64(24);
    private LoopbackKms kms;
    private LoopbackVod vod;
    private AcsClients kmsClients;
    private AcsClients vodClients;
    private final InMemoryVideoKeyRegistry videos = new InMemoryVideoKeyRegistry();
    private TokenHandler tokenHandler;
    private DecryptHandler decryptHandler;

    @BeforeEach
    void start() throws Exception {
        kms = LoopbackKms.start(kmsDir, ALIAS).allow("STS.fc", "fc-secret", "fc-token");
        vod = LoopbackVod.start(vodDir, "STS.fc", "fc-secret", "fc-token");
        kmsClients = kms.clients(CREDENTIALS, vod);
        vodClients = vod.clients(CREDENTIALS, kms);
        Map<String, String> env = Map.of(
                "TOKEN_SIGNING_KEYS", TestKeys.hs256Entry("k1"),
                "API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey),
                "DECRYPT_BASE_URL", "https://key.example.com/decrypt",
                "KEY_SERVICE", "vod");
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        KeyServices generating = KeyServices.of(KeyService.VOD, new VodKeyManagement(vodClients));
        KeyServices opening = new KeyServices(KeyService.VOD, Map.of(
                KeyService.KMS, () -> KmsKeyManagement.decryptOnly(kmsClients),
                KeyService.VOD, () -> new VodKeyManagement(vodClients)));
        FunctionGraphs endpoints = new FunctionGraphs(Config.from(env), Clock.systemUTC(), new SecureRandom());
        tokenHandler = new TokenHandler(endpoints.token(new Backends(generating, tokens, videos,
                new AllowAllEntitlements(), ctx -> { }, () -> { })));
        decryptHandler = new DecryptHandler(endpoints.decrypt(new Backends(opening, tokens, videos,
                new AllowAllEntitlements(), ctx -> { }, () -> { })));
    }

    @AfterEach
    void stop() {
        kms.close();
        vod.close();
    }

    @Test
    void aVideoKeyedUnderKmsBeforeTheSwitch_andANewOneKeyedByVod_eachOpenWithTheServiceThatMadeIt() throws Exception {
        String oldCiphertext = new KmsKeyManagement(kmsClients, ALIAS).generateWrappedDataKey();
        videos.registerIfAbsent(new VideoKey("old-video", oldCiphertext, Instant.parse("2025-01-01T00:00:00Z")));
        assertFalse(vodClients.isCreated(), "nothing has asked VOD yet");

        FcResponse oldKey = call(decryptHandler, keyRequest(oldCiphertext, token("old-video")));
        assertEquals(200, oldKey.statusCode(), oldKey.raw());
        assertArrayEquals(KmsKeyManagement.decryptOnly(kmsClients).decrypt(oldCiphertext), oldKey.body());
        assertEquals(1, kms.served("Decrypt") - 1, "one Decrypt for the key, one for the check above");
        assertFalse(vodClients.isCreated(), "a KMS key costs the decrypt function no VOD client");

        long kmsGenerated = kms.served("GenerateDataKeyWithoutPlaintext") + kms.served("GenerateDataKey");
        FcResponse created = call(tokenHandler, FcEventBuilder.post("/keys").bearer(apiKey)
                .json("{\"videoId\":\"new-video\"}"));
        assertEquals(200, created.statusCode(), created.bodyText());
        assertEquals("vod", created.json().get("keyService").getAsString());
        String newCiphertext = created.json().get("ciphertext").getAsString();
        assertEquals(1, vod.served("GenerateKMSDataKey"));
        assertEquals(kmsGenerated, kms.served("GenerateDataKeyWithoutPlaintext") + kms.served("GenerateDataKey"),
                "new keys come from VOD only");

        FcResponse newKey = call(decryptHandler, keyRequest(newCiphertext, token("new-video")));
        assertEquals(200, newKey.statusCode(), newKey.raw());
        assertEquals(16, newKey.body().length);
        assertEquals(1, vod.served("DecryptKMSDataKey"));
        assertArrayEquals(new VodKeyManagement(vodClients).decrypt(newCiphertext), newKey.body());
        assertTrue(vod.calls().stream().noneMatch(c -> oldCiphertext.equals(c.params.get("CipherText"))),
                "a KMS ciphertext is never sent to VOD");
    }

    private String token(String videoId) throws IOException {
        FcResponse issued = call(tokenHandler, FcEventBuilder.post("/token").bearer(apiKey)
                .json("{\"videoId\":\"" + videoId + "\",\"userId\":\"user-1\",\"maxUses\":5}"));
        assertEquals(200, issued.statusCode(), issued.bodyText());
        return issued.json().get("token").getAsString();
    }

    private static FcEventBuilder keyRequest(String ciphertext, String token) {
        return FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext).query("MtsHlsUriToken", token);
    }

    private static FcResponse call(FcHttpFunction handler, FcEventBuilder event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        return FcResponse.parse(out.toByteArray());
    }
}
