package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.fc.runtime.Credentials;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.DataKey;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KMS adapter of the FC package (shaded jar: SDK, Apache HttpClient, signer as deployed) against a loopback
 * HTTPS KMS stand-in that checks every request's RPC signature and STS credentials.
 */
class FcPackageKmsIT {
    private static final String ALIAS = "alias/test";

    @TempDir
    Path dir;
    private LoopbackKms server;
    private RoleCredentials credentials;
    private AcsClients clients;
    private KmsKeyManagement kms;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackKms.start(dir, ALIAS).allow("STS.first", "first-secret", "first-token");
        credentials = new RoleCredentials("STS.first", "first-secret", "first-token");
        clients = server.clients(credentials);
        kms = new KmsKeyManagement(clients, ALIAS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void generateDataKey_gives16BytesWhoseCiphertextKmsDecryptsBackToThem() {
        DataKey key = kms.generateDataKey();

        byte[] plaintext = key.plaintext();
        assertEquals(16, plaintext.length);
        assertArrayEquals(plaintext, kms.decrypt(key.ciphertext()));
        List<LoopbackKms.Call> calls = server.calls();
        assertEquals(2, calls.size(), calls.toString());
        for (LoopbackKms.Call call : calls) {
            assertEquals(200, call.status, call.toString());
            assertEquals("STS.first", call.accessKeyId);
            assertEquals("first-token", call.securityToken);
        }
        assertEquals(List.of("GenerateDataKey", "Decrypt"), List.of(calls.get(0).action, calls.get(1).action));
    }

    @Test
    void getSecretValue_readsTheCurrentVersion_andFailsClosedForAMissingSecret() {
        KmsSecretSource secrets = new KmsSecretSource(clients);
        server.putSecret("vod-hls-api-key-sha256", "a".repeat(64));
        assertEquals("a".repeat(64), secrets.read("vod-hls-api-key-sha256"));
        server.putSecret("vod-hls-api-key-sha256", "b".repeat(64));
        assertEquals("b".repeat(64), secrets.read("vod-hls-api-key-sha256"), "a rotation shows on the next read");
        io.github.vodhls.core.error.ConfigurationException missing = assertThrows(
                io.github.vodhls.core.error.ConfigurationException.class, () -> secrets.read("absent"));
        assertTrue(missing.getMessage().contains("Forbidden.ResourceNotFound"), missing.getMessage());
        assertEquals("GetSecretValue", last().action);
        assertEquals("first-token", last().securityToken);
    }

    @Test
    void generateWrappedDataKey_onThePackage_asksForNoPlaintext_andItsCiphertextDecrypts() {
        String ciphertext = kms.generateWrappedDataKey();
        assertEquals("GenerateDataKeyWithoutPlaintext", last().action);
        assertEquals(16, kms.decrypt(ciphertext).length);
    }

    @Test
    void generateDataKey_whenKmsThrottles_isKmsThrottled() {
        server.failNext(429, "Rejected.Throttling");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, kms::generateDataKey);

        assertEquals(ErrorCode.KMS_THROTTLED, e.errorCode());
    }

    @Test
    void decrypt_whenKmsAnswers500_isKmsUnavailable() {
        String ciphertext = kms.generateDataKey().ciphertext();
        server.failNext(500, "InternalFailure");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> kms.decrypt(ciphertext));

        assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("InternalFailure"), e.getMessage());
    }

    @Test
    void decrypt_ofACiphertextKmsCannotOpen_isCiphertextUnknown() {
        byte[] blob = Base64.getDecoder().decode(kms.generateDataKey().ciphertext());
        blob[blob.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(blob);

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> kms.decrypt(tampered));

        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
        assertEquals("InvalidParameter", last().code);
    }

    @Test
    void decrypt_afterRoleCredentialsRotate_isSignedWithTheNewCredentials() {
        String ciphertext = kms.generateDataKey().ciphertext();
        server.allow("STS.second", "second-secret", "second-token").revoke("STS.first");

        credentials.update("STS.second", "second-secret", "second-token");
        kms.decrypt(ciphertext);

        LoopbackKms.Call call = last();
        assertEquals(200, call.status, call.toString());
        assertEquals("STS.second", call.accessKeyId);
        assertEquals("second-token", call.securityToken);
    }

    @Test
    void request_signedWithAWrongSecret_isRefusedBySignatureCheck_andIsKmsUnavailable() {
        credentials.update("STS.first", "not-the-secret", "first-token");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, kms::generateDataKey);

        assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
        assertEquals("SignatureDoesNotMatch", last().code);
        assertEquals(400, last().status);
    }

    @Test
    void client_withoutTrustForTheSelfSignedCertificate_neverReachesKms() {
        AcsClients untrusting = new AcsClients(AcsClients.Product.KMS, LoopbackKms.REGION, server.endpoint(), credentials, 1000, 3000);

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new KmsKeyManagement(untrusting, ALIAS).generateDataKey());

        assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
        assertEquals(List.of(), server.calls());
    }

    @Test
    void standInSignature_reproducesAlibabaCloudsDocumentedRpcExample() {
        // The signature-mechanism example (DescribeRegions, AccessKey testid/testsecret): CT9X0VtwR86fNWSnsc6v8YGOjuE=
        Map<String, String> params = new TreeMap<>();
        params.put("TimeStamp", "2016-02-23T12:46:24Z");
        params.put("Format", "XML");
        params.put("AccessKeyId", "testid");
        params.put("Action", "DescribeRegions");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        params.put("Version", "2014-05-26");
        params.put("SignatureVersion", "1.0");

        assertEquals("CT9X0VtwR86fNWSnsc6v8YGOjuE=", LoopbackKms.sign("GET", params, "testsecret"));
    }

    private LoopbackKms.Call last() {
        List<LoopbackKms.Call> calls = server.calls();
        return calls.get(calls.size() - 1);
    }

}
