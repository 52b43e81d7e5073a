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
    void serve_honoursTheDocumentedVariablesOfItsEnvironment_andPrintsThem() throws Exception {
        Map<String, String> env = Map.of("TOKEN_DEFAULT_MAX_USES", "3", "LOCAL_API_KEY", "serve-test-key",
                "TOKEN_SIGNING_KEYS_SECRET", "some-secret", "LOGIN_HMAC_SECRETS", "app=" + "QUFB".repeat(11));
        Thread serving = new Thread(() -> main(env).run(new String[] {"serve", "--port", "0", "--no-demo",
            "--data-dir", dataDir.toString()}), "serve-under-test");
        serving.start();
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("Press Ctrl+C")) {
                assertTrue(System.nanoTime() < deadline, "serve did not start: " + err.toString(StandardCharsets.UTF_8));
                Thread.sleep(50);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("  setting     TOKEN_DEFAULT_MAX_USES=3"), printed);
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(dataDir)), "the data directory is owner-only");
            assertTrue(printed.contains("  setting     LOGIN_HMAC_SECRETS=(set, 48 characters)"), printed);
            assertTrue(!printed.contains("QUFB"), "a secret's value is not printed");
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("ignored     TOKEN_SIGNING_KEYS_SECRET"));
            java.util.regex.Matcher url = java.util.regex.Pattern.compile("demo page   (http://127\\.0\\.0\\.1:\\d+)/")
                    .matcher(printed);
            assertTrue(url.find(), printed);
            java.net.http.HttpResponse<String> issued = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.group(1) + "/token"))
                            .header("Authorization", "Bearer serve-test-key")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"videoId\":\"v1\",\"userId\":\"alice\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, issued.statusCode(), issued.body());
            assertEquals(3, com.google.gson.JsonParser.parseString(issued.body()).getAsJsonObject().get("maxUses")
                    .getAsInt(), "TOKEN_DEFAULT_MAX_USES from serve's environment");
        } finally {
            serving.interrupt();
            serving.join(10_000);
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
