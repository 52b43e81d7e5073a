package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyuncs.IAcsClient;
import io.github.vodhls.core.keys.DataKey;
import org.junit.jupiter.api.Test;

/** The decrypt function's KMS adapter: unwraps keys without a service key id, refuses to generate. */
class KmsKeyManagementDecryptOnlyTest {

    @Test
    void decryptOnly_unwrapsKeysGeneratedUnderTheServiceKey() {
        FakeAliyunKms fake = new FakeAliyunKms("alias/vod");
        IAcsClient client = KmsKeyManagementTest.clientFor(fake);
        DataKey generated = new KmsKeyManagement(client, "alias/vod").generateDataKey();
        KmsKeyManagement decryptOnly = KmsKeyManagement.decryptOnly(() -> client);
        assertArrayEquals(generated.plaintext(), decryptOnly.decrypt(generated.ciphertext()));
    }

    @Test
    void decryptOnly_generateDataKey_isABugThatFailsClosed() {
        FakeAliyunKms fake = new FakeAliyunKms("alias/vod");
        KmsKeyManagement decryptOnly = KmsKeyManagement.decryptOnly(() -> KmsKeyManagementTest.clientFor(fake));
        assertThrows(IllegalStateException.class, decryptOnly::generateDataKey);
        assertEquals(0, fake.calls.get(), "no KMS call is made");
    }
}
