package io.github.vodhls.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.local.LocalHttpSettings;
import io.github.vodhls.local.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load over loopback: the local stack (token and decrypt handlers, local KMS, H2 store) in this JVM, and
 * {@code concurrency} client threads (latency sampled from the first 50,000 requests of each) issuing tokens, fetching keys and playlists for {@code seconds}, then stopping by
 * themselves. Run under a 256 MB FC instance's heap:
 * {@code java -Xmx192m -cp target/vod-hls-encryption-local.jar:target/test-classes
 * io.github.vodhls.bench.LoadProbe [seconds=20] [concurrency=16] [scenarios=decrypt,playlist,token]}; the scenario
 * {@code decrypt-cold} fetches keys with no cache (every fetch asks the KMS). {@code LOCAL_STORE_LATENCY_MS} and
 * {@code LOCAL_KMS_LATENCY_MS} in the environment delay each store and KMS call as {@code serve}'s do.
 */
public final class LoadProbe {
    private LoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        java.util.Set<String> scenarios = new java.util.HashSet<>(java.util.Arrays.asList(
                (args.length > 2 ? args[2] : "decrypt,playlist,token").split(",")));
        // LOCAL_STORE_LATENCY_MS and LOCAL_KMS_LATENCY_MS (and LOCAL_HTTP_*) as serve reads them
        LocalHttpSettings settings = LocalHttpSettings.fromEnvironment(System.getenv());
        System.out.println("settings " + settings);
        Path dataDir = Files.createTempDirectory("vodhls-load");
        try (LocalStack stack = LocalStack.start(0, dataDir, null, Map.of("TOKEN_MAX_MAX_USES", "1000000"),
                settings, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String decryptKeyUri = field(post(client, stack, "/keys", "{\"videoId\":\"load-video\"}"),
                    "decryptKeyUri");
            if (scenarios.contains("decrypt")) {
                run("decrypt (GET key, cache hit, H2 use count)", seconds, concurrency, () -> {
                    String token = field(post(client, stack, "/token",
                            "{\"videoId\":\"load-video\",\"userId\":\"u\",\"maxUses\":1000000}"), "token");
                    return () -> get(client, decryptKeyUri + "&MtsHlsUriToken=" + token);
                });
            }
            Path video = Files.createDirectories(dataDir.resolve("media").resolve("load-video"));
            // key URIs on the stack's own decrypt URL: the playlist function withholds the token from other hosts
            Files.writeString(video.resolve("index.m3u8"), BenchFixture.mediaPlaylist(720, 720)
                    .replace("https://key.example.test/decrypt", stack.baseUrl() + "/decrypt"));
            if (scenarios.contains("playlist")) {
                run("playlist (GET 720-segment playlist, token check, rewrite)", seconds, concurrency, () -> {
                    String token = field(post(client, stack, "/token",
                            "{\"videoId\":\"load-video\",\"userId\":\"u\"}"), "token");
                    return () -> get(client, stack.baseUrl() + "/media/load-video/index.m3u8?MtsHlsUriToken="
                            + token);
                });
            }
            if (scenarios.contains("token")) {
                run("token (POST /token, H2 record)", seconds, concurrency, () -> () -> postStatus(client, stack,
                        "/token", "{\"videoId\":\"load-video\",\"userId\":\"u\"}"));
            }
        }
        if (scenarios.contains("decrypt-cold")) {
            // KEY_CACHE_TTL_SECONDS=0: neither the plaintext key nor the registration is cached, so every key fetch
            // reads the registration and asks the KMS, as the first fetch of a key on a fresh instance does
            Path coldDir = Files.createTempDirectory("vodhls-load-cold");
            try (LocalStack stack = LocalStack.start(0, coldDir, null, Map.of("TOKEN_MAX_MAX_USES", "1000000",
                    "KEY_CACHE_TTL_SECONDS", "0"), settings,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String decryptKeyUri = field(post(client, stack, "/keys", "{\"videoId\":\"load-video\"}"),
                        "decryptKeyUri");
                run("decrypt-cold (GET key, no cache: registration read, KMS Decrypt, H2 use count)", seconds,
                        concurrency, () -> {
                            String token = field(post(client, stack, "/token",
                                    "{\"videoId\":\"load-video\",\"userId\":\"u\",\"maxUses\":1000000}"),
                                    "token");
                            return () -> get(client, decryptKeyUri + "&MtsHlsUriToken=" + token);
                        });
            }
        }
        long heapUsedPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapUsedPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB; peak heap pools sum "
                + heapUsedPeak / (1024 * 1024) + " MiB; JVM options "
                + ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    interface Call {
        int call() throws Exception;
    }

    interface CallFactory {
        Call create() throws Exception;
    }

    private static void run(String name, int seconds, int concurrency, CallFactory factory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        for (int t = 0; t < concurrency; t++) {
            Call call = factory.create();
            pool.execute(() -> {
                long[] samples = new long[50_000];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    try {
                        int status = call.call();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    if (n < samples.length) {
                        samples[n++] = System.nanoTime() - start;
                    }
                }
                latencies.add(java.util.Arrays.copyOf(samples, n));
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        long total = all.length;
        System.out.printf("%s: %d requests in %d s with %d clients = %.0f req/s; p50 %.2f ms, p90 %.2f ms, "
                + "p99 %.2f ms, max %.2f ms; statuses %s; client errors %d%n", name, total, seconds, concurrency,
                total / (double) seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1]
                / 1e6, statuses, failures.get());
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
                / 1e6;
    }

    private static String post(HttpClient client, LocalStack stack, String path, String json) throws Exception {
        HttpResponse<String> response = client.send(request(stack, path, json), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static int postStatus(HttpClient client, LocalStack stack, String path, String json) throws Exception {
        return client.send(request(stack, path, json), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest request(LocalStack stack, String path, String json) {
        return HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + stack.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static int get(HttpClient client, String url) throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        boolean playlist = url.contains(".m3u8?");
        if (response.statusCode() == 200 && !playlist && response.body().length != 16) {
            throw new IllegalStateException("key of " + response.body().length + " bytes");
        }
        if (response.statusCode() == 200 && playlist
                && !new String(response.body(), StandardCharsets.UTF_8).contains("&MtsHlsUriToken=")) {
            throw new IllegalStateException("playlist without the token on its key URI");
        }
        return response.statusCode();
    }

    private static String field(String json, String name) {
        JsonObject object = JsonParser.parseString(json).getAsJsonObject();
        return object.get(name).getAsString();
    }
}
