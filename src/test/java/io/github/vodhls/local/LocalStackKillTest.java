package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Use counts survive {@code kill -9} of the stack (issue 15 §3): the stack runs in a JVM of its own ({@code serve}
 * from this class path), concurrent clients fetch keys with one token, the process is killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) while they do, and the count stored in the data directory is then at
 * least the number of 200s the clients received: a use is acknowledged only once its (shared) commit is written.
 */
class LocalStackKillTest {
    private static final int CLIENTS = 8;
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyUseAnswered200_survivesKillMinus9_withConcurrentFetches() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // this JVM's class path (surefire's, not its booter jar): target/classes and every dependency
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath,
                Main.class.getName(), "serve", "--port", "0", "--data-dir", dataDir.toString(), "--no-demo")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TOKEN_MAX_MAX_USES", "1000000");
        Process stack = builder.start();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger inFlightAtKill = new AtomicInteger(-1);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            String base = null;
            String apiKey = null;
            BufferedReader out = new BufferedReader(new InputStreamReader(stack.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null && (base == null || apiKey == null);) {
                if (line.trim().startsWith("demo page")) {
                    base = line.trim().split("\\s+")[2].replaceAll("/$", "");
                } else if (line.trim().startsWith("API key")) {
                    apiKey = line.trim().split("\\s+")[2];
                }
            }
            assertTrue(base != null && apiKey != null, "serve printed its URL and API key");
            String keyUri = field(post(base + "/keys", apiKey, "{\"videoId\":\"kill-video\"}"), "decryptKeyUri");
            String token = field(post(base + "/token", apiKey,
                    "{\"videoId\":\"kill-video\",\"userId\":\"alice\",\"maxUses\":1000000}"), "token");
            String url = keyUri + "&MtsHlsUriToken=" + token;

            AtomicInteger inFlight = new AtomicInteger();
            for (int i = 0; i < CLIENTS; i++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        inFlight.incrementAndGet();
                        try {
                            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() == 200 && r.body().length == 16) {
                                acknowledged.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // the stack is gone: no answer, no acknowledged use
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }
                });
                clients.add(client);
                client.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.get() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            inFlightAtKill.set(inFlight.get());
            stack.destroyForcibly();
            assertTrue(stack.waitFor(10, TimeUnit.SECONDS), "the stack died");
        } finally {
            stack.destroyForcibly();
            stop.set(true);
            for (Thread client : clients) {
                client.join(10_000);
            }
        }
        int acked = acknowledged.get();
        assertTrue(acked >= ACKS_BEFORE_KILL, "the clients got " + acked + " keys before the kill");
        assertTrue(inFlightAtKill.get() > 0, "the kill came while fetches were in flight");

        // Restart on the same data directory: the stack opens it again and the token still works
        try (LocalStack restarted = LocalStack.start(0, dataDir, null, Map.of("TOKEN_MAX_MAX_USES", "1000000"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(restarted.baseUrl() + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, again.statusCode());
        }
        int stored;
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("store")
                + ";ACCESS_MODE_DATA=r", "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT SUM(uses) FROM tokens")) {
            assertTrue(rs.next());
            stored = rs.getInt(1);
        }
        assertTrue(stored >= acked, "stored " + stored + " uses, but " + acked + " were answered 200");
        // and none invented: at most the fetches that were in flight when the process died were counted unanswered
        assertTrue(stored <= acked + CLIENTS, "stored " + stored + " uses for " + acked + " answers");
    }

    private HttpResponse<String> post(String url, String apiKey, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response;
    }

    private static String field(HttpResponse<String> response, String name) {
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        return json.get(name).getAsString();
    }
}
