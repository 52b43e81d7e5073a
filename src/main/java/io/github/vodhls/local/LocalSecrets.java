package io.github.vodhls.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's own secrets, generated on first run into the data directory (owner-only files) and reused after
 * restarts: the token signing secret and the API key (unless {@code LOCAL_API_KEY} gives one).
 */
final class LocalSecrets {
    static final String SIGNING_KEY_FILE = "token-signing-key";
    static final String API_KEY_FILE = "api-key";
    static final String LOGIN_KEY_FILE = "login-signing-key";
    static final String CALLBACK_KEY_FILE = "vod-callback-key";

    private LocalSecrets() {
    }

    /** The base64 HS256 signing secret (32 random bytes), created if missing. */
    static String signingSecret(Path dataDir, SecureRandom random) throws IOException {
        return readOrCreate(dataDir.resolve(SIGNING_KEY_FILE), () -> {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            return Base64.getEncoder().encodeToString(secret);
        });
    }

    /** The base64 HS256 secret of the local login stand-in (32 random bytes), created if missing. */
    static String loginSecret(Path dataDir, SecureRandom random) throws IOException {
        return readOrCreate(dataDir.resolve(LOGIN_KEY_FILE), () -> {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            return Base64.getEncoder().encodeToString(secret);
        });
    }

    /** The private key the local VOD emulation signs its upload callbacks with, created if missing. */
    static String callbackKey(Path dataDir, SecureRandom random) throws IOException {
        return readOrCreate(dataDir.resolve(CALLBACK_KEY_FILE), () -> {
            byte[] key = new byte[24];
            random.nextBytes(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        });
    }

    /** The local API key, created if missing. */
    static String apiKey(Path dataDir, SecureRandom random) throws IOException {
        return readOrCreate(dataDir.resolve(API_KEY_FILE), () -> {
            byte[] key = new byte[24];
            random.nextBytes(key);
            return "local-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        });
    }

    /** Reads the API key file if present (for CLI commands talking to a running stack). */
    static String existingApiKey(Path dataDir) throws IOException {
        Path file = dataDir.resolve(API_KEY_FILE);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
    }

    private interface ValueFactory {
        String create();
    }

    private static String readOrCreate(Path file, ValueFactory factory) throws IOException {
        if (Files.exists(file)) {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (value.isEmpty()) {
                throw new IOException(file + " is empty; delete it to generate a new one");
            }
            return value;
        }
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".secret", ".tmp");
        try {
            restrictToOwner(temp);
            Files.write(temp, factory.create().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // another process created it first; use theirs
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data directory's own permissions
        }
    }
}
