package io.github.vodhls.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link KeyManagement} must have. Each implementation's test extends this class. */
public abstract class KeyManagementContract {

    /** A working key management service. */
    protected abstract KeyManagement kms();

    @Test
    void generateDataKey_gives16BytesAndABase64Ciphertext() {
        DataKey key = kms().generateDataKey();
        assertEquals(16, key.plaintext().length);
        assertTrue(key.ciphertext().length() > 16);
        Base64.getDecoder().decode(key.ciphertext());
        assertFalse(key.toString().contains(Base64.getEncoder().encodeToString(key.plaintext())));
    }

    @Test
    void generateWrappedDataKey_givesACiphertextThatDecryptsTo16Bytes_andANewOneEachTime() {
        KeyManagement kms = kms();
        String a = kms.generateWrappedDataKey();
        String b = kms.generateWrappedDataKey();
        assertEquals(16, kms.decrypt(a).length);
        assertFalse(a.equals(b));
        assertFalse(java.util.Arrays.equals(kms.decrypt(a), kms.decrypt(b)));
    }

    @Test
    void decrypt_ofGeneratedCiphertext_givesThePlaintext() {
        KeyManagement kms = kms();
        DataKey key = kms.generateDataKey();
        assertArrayEquals(key.plaintext(), kms.decrypt(key.ciphertext()));
    }

    @Test
    void generateDataKey_twice_givesDifferentKeys() {
        KeyManagement kms = kms();
        DataKey a = kms.generateDataKey();
        DataKey b = kms.generateDataKey();
        assertNotEquals(a.ciphertext(), b.ciphertext());
        assertFalse(java.util.Arrays.equals(a.plaintext(), b.plaintext()));
    }

    @Test
    void decrypt_ofTamperedCiphertext_isRefused() {
        KeyManagement kms = kms();
        byte[] raw = Base64.getDecoder().decode(kms.generateDataKey().ciphertext());
        raw[raw.length - 1] ^= 0x01;
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> kms.decrypt(Base64.getEncoder().encodeToString(raw)));
        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
    }
}
