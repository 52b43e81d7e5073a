package io.github.vodhls.adapters.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The local KMS's master key on disk: exactly {@value #KEY_BYTES} raw random bytes in {@value #FILE_NAME} inside the
 * data directory.
 *
 * <p>Created on first use: the bytes go to a temporary file (owner read/write only where the file system supports
 * POSIX permissions), are forced to disk, and the temporary file is then hard-linked to the final name, which fails
 * if the name already exists. So a key file is never overwritten, never seen half-written, and two processes
 * starting at once agree on one key. A file of the wrong size is reported, never replaced: replacing it would make
 * every stored ciphertext undecryptable.
 */
final class MasterKeyFile {
    static final String FILE_NAME = "local-kms-master.key";
    static final int KEY_BYTES = 32;

    private MasterKeyFile() {
    }

    /** The master key in {@code dataDir}, created with {@code random} if absent. */
    static byte[] loadOrCreate(Path dataDir, SecureRandom random) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                create(file, random);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local KMS master key file " + file, e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Path tmp = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".tmp", ownerOnly(file.getParent()));
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                out.write(key);
            }
            publish(tmp, file);
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    /** Gives the complete temporary file its final name unless that name exists (then the existing key wins). */
    private static void publish(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // Another process created the key first: use theirs.
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links on this file system: a move that refuses to replace an existing file.
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException lost) {
                // Another process created the key first: use theirs.
            }
        }
    }

    private static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size != KEY_BYTES) {
            throw new IllegalStateException("local KMS master key file " + file + " is corrupt: expected "
                    + KEY_BYTES + " bytes, found " + size + "; restore it from a backup or, to discard every "
                    + "key it protects, delete it");
        }
        return Files.readAllBytes(file);
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
