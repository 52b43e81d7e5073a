package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.keys.KeyManagementContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class LocalKmsTest extends KeyManagementContract {

    @TempDir
    Path dataDir;

    @TempDir
    Path otherDataDir;

    @Override
    protected KeyManagement kms() {
        return LocalKms.open(dataDir);
    }

    private Path keyFile() {
        return dataDir.resolve(MasterKeyFile.FILE_NAME);
    }

    private static void assertUnknownCiphertext(Executable call) {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, call);
        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
        assertEquals("unknown ciphertext", e.getMessage());
    }

    private static String withByte(String ciphertext, int index, int value) {
        byte[] raw = Base64.getDecoder().decode(ciphertext);
        raw[index] = (byte) value;
        return Base64.getEncoder().encodeToString(raw);
    }

    /** The ciphertext with one byte flipped: it differs whatever the (random) byte was. */
    private static String flipped(String ciphertext, int index) {
        byte[] raw = Base64.getDecoder().decode(ciphertext);
        raw[index] ^= (byte) 0x5a;
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void open_onFirstRun_createsOneKeyFileOf32Bytes() throws Exception {
        LocalKms.open(dataDir).generateDataKey();
        assertEquals(32, Files.size(keyFile()));
        try (var files = Files.list(dataDir)) {
            assertEquals(List.of(keyFile()), files.collect(Collectors.toList()), "no temporary file left behind");
        }
    }

    @Test
    void open_afterRestartOnSameDir_reusesKeyFileAndDecryptsOldCiphertexts() throws Exception {
        DataKey key = LocalKms.open(dataDir).generateDataKey();
        byte[] keyFileBefore = Files.readAllBytes(keyFile());

        LocalKms restarted = LocalKms.open(dataDir);

        assertArrayEquals(keyFileBefore, Files.readAllBytes(keyFile()));
        assertArrayEquals(key.plaintext(), restarted.decrypt(key.ciphertext()));
    }

    @Test
    void open_whenDataDirMissing_createsIt() {
        Path nested = dataDir.resolve("a").resolve("b");
        KeyManagement kms = LocalKms.open(nested);
        DataKey key = kms.generateDataKey();
        assertArrayEquals(key.plaintext(), kms.decrypt(key.ciphertext()));
        assertTrue(Files.exists(nested.resolve(MasterKeyFile.FILE_NAME)));
    }

    @Test
    void open_whenManyThreadsStartAtOnce_allAgreeOnOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DataKey>> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(() -> LocalKms.open(dataDir).generateDataKey()));
            }
            LocalKms survivor = LocalKms.open(dataDir);
            for (Future<DataKey> f : keys) {
                DataKey key = f.get(30, TimeUnit.SECONDS);
                assertArrayEquals(key.plaintext(), survivor.decrypt(key.ciphertext()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyFile_onPosixFileSystem_isReadableByOwnerOnly() throws Exception {
        assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "owner-only permissions exist only on POSIX file systems");
        LocalKms.open(dataDir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
    }

    @Test
    void open_whenKeyFileTruncated_failsNamingTheFileAndKeepsIt() throws Exception {
        Files.write(keyFile(), new byte[20]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalKms.open(dataDir));
        assertTrue(e.getMessage().contains(keyFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertEquals(20, Files.size(keyFile()), "a corrupt key file is never replaced");
    }

    @Test
    void open_whenKeyFileEmpty_failsInsteadOfCreatingANewKey() throws Exception {
        Files.createFile(keyFile());
        assertThrows(IllegalStateException.class, () -> LocalKms.open(dataDir));
        assertEquals(0, Files.size(keyFile()));
    }

    @Test
    void decrypt_byKmsOfAnotherDataDir_isUnknownCiphertext() {
        DataKey key = LocalKms.open(dataDir).generateDataKey();
        assertUnknownCiphertext(() -> LocalKms.open(otherDataDir).decrypt(key.ciphertext()));
    }

    @Test
    void decrypt_ofTruncatedCiphertext_isUnknownCiphertext() {
        KeyManagement kms = kms();
        byte[] raw = Base64.getDecoder().decode(kms.generateDataKey().ciphertext());
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length - 1));
        assertUnknownCiphertext(() -> kms.decrypt(truncated));
    }

    @Test
    void decrypt_ofCiphertextWithExtraByte_isUnknownCiphertext() {
        KeyManagement kms = kms();
        byte[] raw = Base64.getDecoder().decode(kms.generateDataKey().ciphertext());
        String longer = Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length + 1));
        assertUnknownCiphertext(() -> kms.decrypt(longer));
    }

    @Test
    void decrypt_ofWrongVersion_isUnknownCiphertext() {
        KeyManagement kms = kms();
        String ciphertext = kms.generateDataKey().ciphertext();
        assertUnknownCiphertext(() -> kms.decrypt(withByte(ciphertext, 0, 0x02)));
        assertUnknownCiphertext(() -> kms.decrypt(withByte(ciphertext, 0, 0x00)));
    }

    @Test
    void decrypt_ofChangedKeyIdOrNonce_isUnknownCiphertext() {
        KeyManagement kms = kms();
        String ciphertext = kms.generateDataKey().ciphertext();
        assertUnknownCiphertext(() -> kms.decrypt(flipped(ciphertext, 1)));
        assertUnknownCiphertext(() -> kms.decrypt(flipped(ciphertext, LocalKms.HEADER_BYTES)));
    }

    @Test
    void decrypt_ofNonBase64OrEmptyOrNull_isUnknownCiphertext() {
        KeyManagement kms = kms();
        String ciphertext = kms.generateDataKey().ciphertext();
        assertUnknownCiphertext(() -> kms.decrypt("!" + ciphertext.substring(1)));
        assertUnknownCiphertext(() -> kms.decrypt(ciphertext.substring(0, ciphertext.length() - 1) + " "));
        assertUnknownCiphertext(() -> kms.decrypt(""));
        assertUnknownCiphertext(() -> kms.decrypt(null));
        assertUnknownCiphertext(() -> kms.decrypt("x".repeat(100_000)));
    }

    @Test
    void generateDataKey_followsTheDocumentedLayout() {
        LocalKms kms = LocalKms.open(dataDir);
        String ciphertext = kms.generateDataKey().ciphertext();
        byte[] raw = Base64.getDecoder().decode(ciphertext);
        assertEquals(72, ciphertext.length());
        assertEquals(53, raw.length);
        assertEquals(1, raw[0]);
        String other = kms.generateDataKey().ciphertext();
        assertArrayEquals(Arrays.copyOfRange(raw, 0, 9),
                Arrays.copyOfRange(Base64.getDecoder().decode(other), 0, 9), "same version and key id");
    }

    @Test
    void constructor_withInjectedRandom_usesIt() {
        SecureRandom seeded = new SecureRandom();
        LocalKms kms = new LocalKms(dataDir, seeded);
        DataKey key = kms.generateDataKey();
        assertArrayEquals(key.plaintext(), LocalKms.open(dataDir).decrypt(key.ciphertext()));
        assertFalse(kms.toString().contains(Base64.getEncoder().encodeToString(key.plaintext())));
    }
}
