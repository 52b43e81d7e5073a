package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyManagement} for the local stack: data keys wrapped with AES-256-GCM under one master key kept in a
 * file of the data directory (see {@link MasterKeyFile}: created on first run, owner-only, never overwritten).
 *
 * <p>Ciphertext layout (53 bytes, sent as standard base64 with padding, 72 characters, like KMS's
 * {@code CiphertextBlob}):
 *
 * <pre>
 * offset  length  field
 *      0       1  format version, 0x01
 *      1       8  key id: the first 8 bytes of SHA-256(master key)
 *      9      12  GCM nonce, random per data key
 *     21      32  AES-256-GCM ciphertext of the 16-byte data key, then the 128-bit tag
 * </pre>
 *
 * The additional authenticated data is bytes 0..8 (version and key id), so neither can be changed without the tag
 * failing. {@link #decrypt} refuses anything that is not such a blob made under this master key — bad base64, wrong
 * length, unknown version, another key id, a failed tag — with one opaque
 * {@link AccessDeniedException}({@link ErrorCode#CIPHERTEXT_UNKNOWN}, "unknown ciphertext"), whichever check failed.
 *
 * <p>Thread-safe: the key is immutable and each call uses its own {@link Cipher}.
 */
public final class LocalKms implements KeyManagement {
    static final byte VERSION = 0x01;
    static final int KEY_ID_BYTES = 8;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int DATA_KEY_BYTES = 16;
    static final int HEADER_BYTES = 1 + KEY_ID_BYTES;
    static final int BLOB_BYTES = HEADER_BYTES + NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8;
    private static final int BLOB_BASE64_CHARS = (BLOB_BYTES + 2) / 3 * 4;
    private static final String UNKNOWN = "unknown ciphertext";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey masterKey;
    private final byte[] keyId;
    private final SecureRandom random;

    /**
     * Opens the master key in {@code dataDir}, creating the directory and the key (with {@code random}) on first
     * run.
     *
     * @throws IllegalStateException if the key file exists but is not a valid key (it is never replaced)
     * @throws java.io.UncheckedIOException if the key file cannot be read or created
     */
    public LocalKms(Path dataDir, SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        byte[] key = MasterKeyFile.loadOrCreate(Objects.requireNonNull(dataDir, "dataDir"), random);
        try {
            this.masterKey = new SecretKeySpec(key, "AES");
            this.keyId = Arrays.copyOf(sha256(key), KEY_ID_BYTES);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@link #LocalKms(Path, SecureRandom)} with a new {@link SecureRandom}. */
    public static LocalKms open(Path dataDir) {
        return new LocalKms(dataDir, new SecureRandom());
    }

    @Override
    public DataKey generateDataKey() {
        byte[] plaintext = new byte[DATA_KEY_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(plaintext);
        random.nextBytes(nonce);
        byte[] header = header(VERSION, keyId);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, header);
            ByteBuffer blob = ByteBuffer.allocate(BLOB_BYTES).put(header).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext), blob);
            return new DataKey(Base64.getEncoder().encodeToString(blob.array()), plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public byte[] decrypt(String ciphertext) {
        byte[] blob = decodeOrRefuse(ciphertext);
        if (blob[0] != VERSION
                || !MessageDigest.isEqual(Arrays.copyOfRange(blob, 1, HEADER_BYTES), keyId)) {
            throw unknown();
        }
        byte[] nonce = Arrays.copyOfRange(blob, HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, Arrays.copyOf(blob, HEADER_BYTES));
            int offset = HEADER_BYTES + NONCE_BYTES;
            return cipher.doFinal(blob, offset, blob.length - offset);
        } catch (AEADBadTagException e) {
            throw unknown();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "LocalKms[keyId=<" + KEY_ID_BYTES + " bytes>, master key=<redacted>]";
    }

    private static byte[] decodeOrRefuse(String ciphertext) {
        if (ciphertext == null || ciphertext.length() != BLOB_BASE64_CHARS) {
            throw unknown();
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw unknown();
        }
        if (blob.length != BLOB_BYTES) {
            throw unknown();
        }
        return blob;
    }

    private Cipher cipher(int mode, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, masterKey, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }

    private static byte[] header(byte version, byte[] keyId) {
        byte[] header = new byte[HEADER_BYTES];
        header[0] = version;
        System.arraycopy(keyId, 0, header, 1, KEY_ID_BYTES);
        return header;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static AccessDeniedException unknown() {
        return new AccessDeniedException(ErrorCode.CIPHERTEXT_UNKNOWN, UNKNOWN);
    }
}
