package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.keys.KeyManagementContract;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VodKeyManagement} with the real SDK client against {@link LoopbackVod} on 127.0.0.1 (TLS, signature and STS
 * credentials checked, data keys really wrapped): the {@link KeyManagementContract} over the wire. The exact requests
 * and the translation of each failure are pinned by {@link VodKeyManagementRequestsTest}.
 */
class VodKeyManagementTest extends KeyManagementContract {
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("STS.vod", "vod-secret", "vod-token");

    @TempDir
    static Path certificateDir;
    private static LoopbackVod vod;

    @BeforeAll
    static void startVod() throws Exception {
        vod = LoopbackVod.start(certificateDir, "STS.vod", "vod-secret", "vod-token");
    }

    @AfterAll
    static void stopVod() {
        vod.close();
    }

    @Override
    protected KeyManagement kms() {
        return new VodKeyManagement(vod.clients(CREDENTIALS));
    }

    @Test
    void generateWrappedDataKey_isOneGenerateKMSDataKey_andDecryptKMSDataKeyOpensIt() {
        long generated = vod.served("GenerateKMSDataKey");
        long decrypted = vod.served("DecryptKMSDataKey");
        KeyManagement keys = kms();

        String ciphertext = keys.generateWrappedDataKey();

        assertEquals(generated + 1, vod.served("GenerateKMSDataKey"));
        assertEquals(16, keys.decrypt(ciphertext).length);
        assertEquals(decrypted + 1, vod.served("DecryptKMSDataKey"));
        List<LoopbackVod.Call> calls = vod.calls();
        LoopbackVod.Call last = calls.get(calls.size() - 1);
        assertEquals(ciphertext, last.params.get("CipherText"), "the ciphertext goes as DecryptKMSDataKey's CipherText");
        assertEquals("vod-token", last.params.get("SecurityToken"));
    }

    @Test
    void decrypt_ofACiphertextVodCannotOpen_isCiphertextUnknown() {
        byte[] blob = Base64.getDecoder().decode(kms().generateWrappedDataKey());
        blob[blob.length - 1] ^= 1;

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> kms().decrypt(Base64.getEncoder().encodeToString(blob)));

        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
    }

    @Test
    void generate_whenVodThrottles_isVodThrottled_andWhenItsRoleIsMissing_isVodUnavailable() {
        vod.failNext(429, "Throttling.User");
        assertEquals(ErrorCode.VOD_THROTTLED,
                assertThrows(DependencyUnavailableException.class, kms()::generateWrappedDataKey).errorCode());
        vod.failNext(403, "EntityNotExist.Role");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                kms()::generateWrappedDataKey);
        assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
        assertEquals(true, e.getMessage().startsWith("VOD GenerateKMSDataKey failed: EntityNotExist.Role"),
                e.getMessage());
    }
}
