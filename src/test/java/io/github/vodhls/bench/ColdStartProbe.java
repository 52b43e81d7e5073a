package io.github.vodhls.bench;

import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Time from JVM start to the decrypt function's first response, as on an FC cold start: a fresh JVM loads the
 * handler, builds its graph, runs the initializer and answers one key request (cache miss: the KMS stand-in
 * really unwraps the key). State (token record, video registration) is seeded through the ports, so no token or JSON
 * code runs before the measured request.
 *
 * <p>Run: {@code java -Xmx192m -cp target/vod-hls-encryption.jar:target/test-classes
 * io.github.vodhls.bench.ColdStartProbe [runs]}. It prepares a key and a token, then starts {@code runs} child JVMs
 * (default 5) with the same options and prints each one's figures and the median.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        if (args.length > 0 && args[0].equals("callback-child")) {
            callbackChild();
            return;
        }
        if (args.length > 0 && args[0].equals("callback")) {
            callbackRuns(args.length > 1 ? Integer.parseInt(args[1]) : 5);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] master = BenchFixture.GcmKms.randomKey(random);
        String ciphertext = new BenchFixture.GcmKms(random, master).generateDataKey().ciphertext();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String secretB64 = Base64.getEncoder().encodeToString(secret);
        FunctionGraphs signer = new FunctionGraphs(Config.from(Map.of("TOKEN_SIGNING_KEYS", "cold-1=" + secretB64)),
                Clock.systemUTC(), random);
        String tokenId = "cold-start-token";
        String token = signer.codec().sign(new io.github.vodhls.core.token.TokenClaims(tokenId, "user", "cold-video",
                null, now, now.plusSeconds(600), 5));

        measure("", runs, "child", secretB64, Base64.getEncoder().encodeToString(master), ciphertext, token,
                tokenId, String.valueOf(now.getEpochSecond()));
    }

    /** The upload-callback function's cold path: a signed FileUploadComplete into a fresh JVM. */
    private static void callbackRuns(int runs) throws Exception {
        measure("callback ", runs, "callback-child");
    }

    /**
     * Starts {@code runs} fresh JVMs with this JVM's options and class path running {@code childArgs}, prints each
     * one's first line (the child's figures) and the median time from JVM start to response.
     */
    private static void measure(String label, int runs, String... childArgs) throws Exception {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<Long> totals = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ColdStartProbe.class.getName());
            command.addAll(java.util.Arrays.asList(childArgs));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String line;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                line = out.readLine();
                while (out.readLine() != null) {
                    // drain
                }
            }
            if (process.waitFor() != 0 || line == null || !line.startsWith("cold-")) {
                throw new IllegalStateException("child failed: " + line);
            }
            System.out.println(line);
            totals.add(Long.parseLong(line.replaceAll(".*jvm-start-to-response-ms=(\\d+).*", "$1")));
        }
        Collections.sort(totals);
        System.out.println("median " + label + "jvm-start-to-response-ms=" + totals.get(totals.size() / 2) + " over "
                + runs + " runs; JVM options " + jvmArgs);
    }

    private static void callbackChild() throws Exception {
        long mainEntered = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        SecureRandom random = new SecureRandom();
        String url = "https://callback.example.com/vod";
        String key = "cold-callback-key";
        io.github.vodhls.testing.FakeVod vod = new io.github.vodhls.testing.FakeVod();
        Backends backends = new Backends(new BenchFixture.GcmKms(random), new InMemoryTokenStore(),
                new InMemoryVideoKeyRegistry(), context -> { })
                .withUploadCallback(vod, vod, new io.github.vodhls.adapters.memory.InMemoryCallbackDeliveries());
        io.github.vodhls.functions.UploadCallbackHandler handler = new io.github.vodhls.functions
                .UploadCallbackHandler(new FunctionGraphs(Config.from(Map.of("DECRYPT_BASE_URL",
                        "https://key.example.test/decrypt", "VOD_CALLBACK_URL", url, "VOD_CALLBACK_PRIVATE_KEY", key)),
                        Clock.systemUTC(), random).uploadCallback(backends));
        handler.initialize(null);
        long initialized = System.currentTimeMillis();
        long timestamp = Instant.now().getEpochSecond();
        com.google.gson.JsonObject headers = new com.google.gson.JsonObject();
        headers.addProperty("X-VOD-TIMESTAMP", String.valueOf(timestamp));
        headers.addProperty("X-VOD-SIGNATURE", io.github.vodhls.core.video.VodCallbackSignature.sign(url, timestamp,
                key));
        byte[] event = BenchFixture.event("POST", "/vod", headers, new com.google.gson.JsonObject(),
                "{\"EventTime\":\"2026-11-23T08:00:00Z\",\"EventType\":\"FileUploadComplete\",\"VideoId\":"
                        + "\"0123456789abcdef0123456789abcdef\",\"Status\":\"success\",\"Size\":1024}");
        byte[] response = BenchFixture.invoke(handler, event);
        long answered = System.currentTimeMillis();
        String text = new String(response, StandardCharsets.UTF_8);
        if (!text.contains("submitted")) {
            System.out.println("failed: " + text);
            System.exit(1);
        }
        System.out.println("cold-callback jvm-start-to-response-ms=" + (answered - jvmStart) + " jvm-start-to-main-ms="
                + (mainEntered - jvmStart) + " initializer-ms=" + (initialized - mainEntered) + " first-request-ms="
                + (answered - initialized));
    }

    private static void child(String[] args) throws Exception {
        long mainEntered = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        SecureRandom random = new SecureRandom();
        Instant issuedAt = Instant.ofEpochSecond(Long.parseLong(args[6]));
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        tokens.record(new TokenRecord(args[5], "cold-video", "user", 5, issuedAt, issuedAt.plusSeconds(600)));
        InMemoryVideoKeyRegistry videos = new InMemoryVideoKeyRegistry();
        videos.registerIfAbsent(new VideoKey("cold-video", args[3], issuedAt));
        Backends backends = new Backends(new BenchFixture.GcmKms(random, Base64.getDecoder().decode(args[2])), tokens,
                videos, context -> { });

        DecryptHandler handler = new DecryptHandler(new FunctionGraphs(
                Config.from(Map.of("TOKEN_SIGNING_KEYS", "cold-1=" + args[1])), Clock.systemUTC(), random)
                .decrypt(backends));
        handler.initialize(null);
        long initialized = System.currentTimeMillis();
        byte[] response = BenchFixture.invoke(handler, BenchFixture.decryptEvent(args[3], args[4]));
        long answered = System.currentTimeMillis();
        String text = new String(response, StandardCharsets.UTF_8);
        if (!text.contains("\"statusCode\":200")) {
            System.out.println("failed: " + text);
            System.exit(1);
        }
        System.out.println("cold-start jvm-start-to-response-ms=" + (answered - jvmStart) + " jvm-start-to-main-ms="
                + (mainEntered - jvmStart) + " initializer-ms=" + (initialized - mainEntered) + " first-request-ms="
                + (answered - initialized));
    }
}
