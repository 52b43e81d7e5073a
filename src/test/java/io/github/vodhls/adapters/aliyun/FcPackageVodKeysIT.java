package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.DataKey;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VOD's data-key adapter on the FC package (shaded jar: the trimmed VOD SDK, Apache HttpClient, signer as deployed)
 * against the loopback HTTPS VOD stand-in that checks every request's RPC signature and STS credentials.
 */
class FcPackageVodKeysIT {
    @TempDir
    Path dir;
    private LoopbackVod server;
    private RoleCredentials credentials;
    private VodKeyManagement vod;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackVod.start(dir, "STS.vod", "vod-secret", "vod-token");
        credentials = new RoleCredentials("STS.vod", "vod-secret", "vod-token");
        vod = new VodKeyManagement(server.clients(credentials));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void generateDataKey_gives16BytesWhoseCiphertextVodDecryptsBackToThem() {
        DataKey key = vod.generateDataKey();

        assertEquals(16, key.plaintext().length);
        assertArrayEquals(key.plaintext(), vod.decrypt(key.ciphertext()));
        List<LoopbackVod.Call> calls = server.calls();
        assertEquals(List.of("GenerateKMSDataKey", "DecryptKMSDataKey"),
                List.of(calls.get(0).params.get("Action"), calls.get(1).params.get("Action")));
        for (LoopbackVod.Call call : calls) {
            assertEquals(200, call.status, call.toString());
            assertEquals("STS.vod", call.params.get("AccessKeyId"));
            assertEquals("vod-token", call.params.get("SecurityToken"));
        }
        assertFalse(calls.get(0).params.containsKey("CipherText"), "GenerateKMSDataKey sends no parameter");
        assertEquals(key.ciphertext(), calls.get(1).params.get("CipherText"));
    }

    @Test
    void generateWrappedDataKey_onThePackage_returnsACiphertextThatDecrypts() {
        String ciphertext = vod.generateWrappedDataKey();
        assertEquals(16, vod.decrypt(ciphertext).length);
    }

    @Test
    void decrypt_ofATamperedCiphertext_isCiphertextUnknown() {
        byte[] blob = Base64.getDecoder().decode(vod.generateWrappedDataKey());
        blob[blob.length - 1] ^= 1;

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> vod.decrypt(Base64.getEncoder().encodeToString(blob)));

        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
    }

    @Test
    void throttled_isVodThrottled_andAWrongSecretIsRefusedBySignatureCheck() {
        server.failNext(429, "Throttling.User");
        assertEquals(ErrorCode.VOD_THROTTLED,
                assertThrows(DependencyUnavailableException.class, vod::generateDataKey).errorCode());

        credentials.update("STS.vod", "not-the-secret", "vod-token");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                vod::generateWrappedDataKey);
        assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
        List<LoopbackVod.Call> calls = server.calls();
        assertEquals("SignatureDoesNotMatch", calls.get(calls.size() - 1).code);
    }
}
