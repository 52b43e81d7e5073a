package io.github.vodhls.testing;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyManagement} that really wraps keys: data keys are AES-GCM encrypted under a random master key made per
 * instance (Tink's {@code FakeKmsClient} spirit). Ciphertext layout: base64(12-byte IV || AES-GCM(data key) || tag).
 * Tampered or foreign ciphertexts are refused with CIPHERTEXT_UNKNOWN, like the real adapters. Counts calls and can
 * be told to fail like an unavailable KMS.
 */
public final class FakeKms implements KeyManagement {
    private static final int IV_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey master;
    private final AtomicInteger generateCalls = new AtomicInteger();
    private final AtomicInteger decryptCalls = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public FakeKms() {
        byte[] m = new byte[16];
        random.nextBytes(m);
        master = new SecretKeySpec(m, "AES");
    }

    @Override
    public DataKey generateDataKey() {
        generateCalls.incrementAndGet();
        failIfTold();
        byte[] plaintext = new byte[16];
        random.nextBytes(plaintext);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return new DataKey(Base64.getEncoder().encodeToString(out), plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(String ciphertext) {
        decryptCalls.incrementAndGet();
        failIfTold();
        try {
            byte[] raw = Base64.getDecoder().decode(ciphertext);
            if (raw.length <= IV_BYTES) {
                throw unknown();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, raw, 0, IV_BYTES));
            return cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw unknown();
        }
    }

    /** From now on every call throws this (e.g. a DependencyUnavailableException); null heals. */
    public void failWith(RuntimeException e) {
        failure.set(e);
    }

    public int generateCalls() {
        return generateCalls.get();
    }

    public int decryptCalls() {
        return decryptCalls.get();
    }

    private void failIfTold() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private static AccessDeniedException unknown() {
        return new AccessDeniedException(ErrorCode.CIPHERTEXT_UNKNOWN, "ciphertext is not recognised");
    }
}
