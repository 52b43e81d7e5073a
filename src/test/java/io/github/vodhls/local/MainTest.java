package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Main main(Map<String, String> env) {
        return new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void token_againstARunningStack_printsAJwt() throws Exception {
        try (LocalStack stack = LocalStack.start(0, dataDir, "cli-test-key", Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            int code = main(Map.of("LOCAL_API_KEY", "cli-test-key")).run(new String[] {"token", "--video", "v1",
                "--user", "alice", "--server", stack.baseUrl()});
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            String token = out.toString(StandardCharsets.UTF_8).trim();
            assertEquals(3, token.split("\\.").length, token);
        }
    }

    @Test
    void token_withWrongApiKey_failsWithTheServersCode() throws Exception {
        try (LocalStack stack = LocalStack.start(0, dataDir, "right", Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            int code = main(Map.of()).run(new String[] {"token", "--video", "v1", "--user", "alice", "--server",
                stack.baseUrl(), "--api-key", "wrong"});
            assertEquals(1, code);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("API_KEY_INVALID"));
        }
    }

    @Test
    void token_withoutVideo_isAUsageError() {
        assertEquals(2, main(Map.of()).run(new String[] {"token", "--user", "u", "--api-key", "k"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--video is required"));
    }

    @Test
    void hashApiKey_printsTheSha256() {
        assertEquals(0, main(Map.of()).run(new String[] {"hash-api-key", "abc"}));
        assertEquals(ApiKeyAuthenticator.sha256Hex("abc"), out.toString(StandardCharsets.UTF_8).trim());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void unknownCommand_exitsWithUsage() {
        assertEquals(2, main(Map.of()).run(new String[] {"frobnicate"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }
}
