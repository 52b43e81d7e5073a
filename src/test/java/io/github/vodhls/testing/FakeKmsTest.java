package io.github.vodhls.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.keys.KeyManagementContract;
import org.junit.jupiter.api.Test;

/** The fake honours the same contract as the real KMS adapters, so tests built on it mean something. */
class FakeKmsTest extends KeyManagementContract {
    @Override
    protected KeyManagement kms() {
        return new FakeKms();
    }

    @Test
    void decrypt_ofAnotherInstancesCiphertext_isRefusedAsUnknown() {
        String foreign = new FakeKms().generateDataKey().ciphertext();
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> new FakeKms().decrypt(foreign));
        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
    }
}
