package io.github.vodhls.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.aliyun.AcsClients;
import io.github.vodhls.adapters.aliyun.KmsKeyManagement;
import io.github.vodhls.adapters.aliyun.LoopbackKms;
import io.github.vodhls.adapters.aliyun.LoopbackTablestore;
import io.github.vodhls.adapters.aliyun.LoopbackTimeline;
import io.github.vodhls.adapters.aliyun.LoopbackVod;
import io.github.vodhls.adapters.aliyun.RoleCredentials;
import io.github.vodhls.adapters.aliyun.TablestoreClients;
import io.github.vodhls.adapters.aliyun.TablestoreSchema;
import io.github.vodhls.adapters.aliyun.TablestoreTokenStore;
import io.github.vodhls.adapters.aliyun.TablestoreVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.video.VodCallbackSignature;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of the FC functions as deployed: the decrypt or upload-callback handler of the FC package in a fresh JVM
 * ({@link ColdInstance}: no-arg constructor, initializer, one invocation, as FC's Java runtime does it), configured by
 * its environment exactly like a deployment, with the real KMS, Tablestore and VOD SDK clients talking HTTPS to the
 * loopback stand-ins, which run in this JVM. The child trusts the stand-ins through its default trust store: a copy of
 * the JDK's {@code cacerts} plus their three certificates ({@code javax.net.ssl.trustStore}), so the SDKs load a
 * trust store of the usual size and format.
 *
 * <p>Run (after {@code mvn -o -q package -DskipTests}):
 * <pre>
 * java -Xmx192m -cp target/vod-hls-encryption.jar:target/test-classes io.github.vodhls.bench.CloudColdStartProbe \
 *     decrypt|callback|token|floor-decrypt|floor-callback|floor-tls|floor-jvm [runs] [--child-cpus 0] \
 *     [--base 'JAVA_TOOL_OPTIONS'] [--variant 'JAVA_TOOL_OPTIONS'] [--show-calls]
 * </pre>
 * {@code token} is the token function's cold start with one {@code POST /token} (no KMS call). The {@code floor-*} modes start {@link CloudFloorInstance} instead of the function: the same SDK clients and the same
 * requests with none of this project's code ({@code floor-decrypt}, {@code floor-callback}), one HTTPS GET to a
 * stand-in ({@code floor-tls}), or nothing ({@code floor-jvm}). {@code --show-calls} prints the requests each stand-in
 * answered in each sample. {@code --modes m1,m2} adds modes of the same family (decrypt or callback) whose samples
 * alternate with the first one's; {@code --variant-cp CLASSPATH} alternates the child's class path with another (a
 * build before or after a change, copied aside), so a change in our code is measured side by side, e.g. {@code decrypt 6 --modes floor-decrypt,floor-tls,floor-jvm}.
 * The child gets this JVM's options (here {@code -Xmx192m}); {@code --child-cpus 0} starts it under
 * {@code taskset -c 0} (one core; start this JVM with {@code taskset -c 1} so the stand-ins do not share it);
 * {@code --base} is the child's {@code JAVA_TOOL_OPTIONS}, as the deployment files set it; with {@code --variant} the
 * samples alternate between {@code --base} and the variant, and both medians are printed.
 *
 * <p>Phases of each sample, from this JVM starting the child process (machine clock, microseconds):
 * {@code jvm} to the child's {@code main}; {@code handler} the handler class loaded and constructed (environment,
 * configuration, graph); {@code init} the FC initializer (clients created, token code warmed up); {@code connect} from
 * the invocation to the first TLS connection reaching a stand-in (event parsing, token check, SDK request building,
 * SSL context and trust store); {@code tls} that connection's handshake until its request arrived; {@code rest} to the
 * response (the remaining calls, each further service with its own handshake). Medians are per phase, so they need
 * not add up to the median total. {@code cpu} is the CPU time the child used by the response, on all its threads (the
 * JVM's own, the SDKs'): less moved by the machine's load than the wall times, so comparisons on a busy machine lean
 * on it.
 */
public final class CloudColdStartProbe {
    /** Longest a cold child may take to answer before it is killed and its sample counted as failed. */
    private static final int CHILD_TIMEOUT_SECONDS = 60;

    private static final String ALIAS = "alias/cold-start";
    private static final String INSTANCE = "vodhls-cold";
    private static final String ID = "STS.cold";
    private static final String SECRET = "cold-secret";
    private static final String STS_TOKEN = "cold-sts-token";
    private static final String CALLBACK_URL = "https://callback.example.com/vod";
    private static final String CALLBACK_KEY = "cold-start-callback-key-0001";
    private static final String TEMPLATE_GROUP = "template-group-cold";
    private static final String DECRYPT_BASE_URL = "https://key.example.com/decrypt";
    private static final List<String> MODES = List.of("decrypt", "callback", "token", "floor-decrypt", "floor-callback",
            "floor-tls", "floor-jvm");
    private static final String[] PHASES = {"jvm", "handler", "init", "connect", "tls", "rest", "total", "cpu"};

    /** The mode of the sample being taken (the probe's first argument, or one of {@code --modes}). */
    private String function;
    private final Path dir;
    private final LoopbackKms kms;
    private final LoopbackVod vod;
    private final LoopbackTablestore ots;
    private final Path trustStore;
    private final String trustPassword = UUID.randomUUID().toString();
    private final String signingKeys = TestKeys.hs256Entry("cold-1");
    private final String apiKey = TestKeys.randomBase64(24);
    private final long firstSigned = System.currentTimeMillis() / 1000;
    private TokenHandler tokens;
    private String ciphertext;
    private int samples;
    private boolean showCalls;

    private CloudColdStartProbe(String function) throws Exception {
        this.function = function;
        this.dir = Files.createTempDirectory("cold-cloud");
        RoleCredentials credentials = new RoleCredentials(ID, SECRET, STS_TOKEN);
        kms = LoopbackKms.start(dir, ALIAS).allow(ID, SECRET, STS_TOKEN);
        vod = LoopbackVod.start(dir, ID, SECRET, STS_TOKEN);
        ots = LoopbackTablestore.startTls(dir, INSTANCE).allow(ID, SECRET, STS_TOKEN);
        trustStore = trustStore();
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        TablestoreClients rows = new TablestoreClients(ots.endpoint(), INSTANCE, credentials, 3000);
        new TablestoreSchema(rows, "tokens", "videos").createTables();
        if (decrypts()) {
            Map<String, String> env = Map.of("TOKEN_SIGNING_KEYS", signingKeys,
                    "API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey), "DECRYPT_BASE_URL", DECRYPT_BASE_URL);
            AcsClients kmsClients = new AcsClients(AcsClients.Product.KMS, LoopbackKms.REGION, kms.endpoint(),
                    credentials, 1000, 3000);
            tokens = new TokenHandler(new FunctionGraphs(Config.from(env), Clock.systemUTC(), new SecureRandom())
                    .token(new Backends(new KmsKeyManagement(kmsClients, ALIAS),
                            new TablestoreTokenStore(rows, "tokens"), new TablestoreVideoKeyRegistry(rows, "videos"),
                            invocation -> { })));
            ciphertext = call(tokens, FcEventBuilder.post("/keys").bearer(apiKey).json("{\"videoId\":\"cold-video\"}"))
                    .get("ciphertext").getAsString();
        }
    }

    public static void main(String[] args) throws Exception {
        // this JVM's own Tablestore client (the set-up, the token function) stalls on TLS 1.3 like the functions' (see
        // docs/benchmarks.md); a property, not a JVM option, so the children do not inherit it
        System.setProperty("jdk.tls.client.protocols", "TLSv1.2");
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String function = args.length > 0 ? args[0] : "decrypt";
        int runs = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 5;
        String cpus = option(args, "--child-cpus");
        String base = option(args, "--base");
        String variant = option(args, "--variant");
        String also = option(args, "--modes");
        String variantClassPath = option(args, "--variant-cp");
        List<String> modes = new ArrayList<>(List.of(function));
        if (also != null) {
            modes.addAll(Arrays.asList(also.split(",")));
        }
        for (String mode : modes) {
            // the set-up (stand-ins' rows, the decrypt side's token function) serves one family
            if (!MODES.contains(mode) || mode.endsWith("callback") != function.endsWith("callback")) {
                throw new IllegalArgumentException("modes are " + MODES + ", the callback ones only together, got "
                        + mode);
            }
        }
        CloudColdStartProbe probe = new CloudColdStartProbe(function);
        probe.showCalls = Arrays.asList(args).contains("--show-calls");
        try {
            // each setting is a mode, a JAVA_TOOL_OPTIONS value and the child's class path; the samples go round them
            Map<List<String>, List<Map<String, Long>>> bySetting = new LinkedHashMap<>();
            List<String> classPaths = new ArrayList<>(List.of(System.getProperty("java.class.path")));
            if (variantClassPath != null) {
                classPaths.add(variantClassPath);
            }
            for (String mode : modes) {
                for (String classPath : classPaths) {
                    bySetting.put(List.of(mode, base == null ? "" : base, classPath), new ArrayList<>());
                    if (variant != null) {
                        bySetting.put(List.of(mode, variant, classPath), new ArrayList<>());
                    }
                }
            }
            List<List<String>> settings = new ArrayList<>(bySetting.keySet());
            double[] loadBefore = loadAverage();
            Map<List<String>, Integer> failures = new LinkedHashMap<>();
            try {
                // unreported: the first child pays for the disk cache
                probe.sample(cpus, settings.get(0));
            } catch (FailedSample e) {
                System.out.println("FAILED (warm-up sample) " + e.getMessage());
            }
            for (int i = 0; i < runs; i++) {
                for (List<String> setting : settings) {
                    try {
                        Map<String, Long> sample = probe.sample(cpus, setting);
                        bySetting.get(setting).add(sample);
                        System.out.println(line(setting.get(0), label(setting), sample));
                    } catch (FailedSample e) {
                        failures.merge(setting, 1, Integer::sum);
                        System.out.println("FAILED " + setting.get(0) + " [" + label(setting) + "]: "
                                + e.getMessage());
                    }
                }
            }
            double[] load = loadAverage();
            for (Map.Entry<List<String>, List<Map<String, Long>>> entry : bySetting.entrySet()) {
                String mode = entry.getKey().get(0);
                String options = entry.getKey().get(1);
                String classPath = entry.getKey().get(2).equals(System.getProperty("java.class.path")) ? ""
                        : " class path " + entry.getKey().get(2);
                if (entry.getValue().isEmpty()) {
                    System.out.println("no sample of " + mode + " succeeded with JAVA_TOOL_OPTIONS='" + options + "'");
                    continue;
                }
                System.out.println("median " + mode + " of " + entry.getValue().size() + " ("
                        + failures.getOrDefault(entry.getKey(), 0) + " failed) " + format(medians(entry.getValue()))
                        + " JAVA_TOOL_OPTIONS='" + options + "'" + classPath + " child-cpus=" + (cpus == null ? "all" : cpus)
                        + " child JVM options " + ManagementFactory.getRuntimeMXBean().getInputArguments()
                        + String.format(Locale.ROOT, " load before %.2f %.2f %.2f, after %.2f %.2f %.2f",
                                loadBefore[0], loadBefore[1], loadBefore[2], load[0], load[1], load[2]));
            }
        } finally {
            probe.close();
        }
        // the SDK clients' threads of the setup would keep this JVM alive
        System.exit(0);
    }

    /** The options of a setting, and "variant class path" when it has that class path. */
    private static String label(List<String> setting) {
        return setting.get(1) + (setting.get(2).equals(System.getProperty("java.class.path")) ? ""
                : (setting.get(1).isEmpty() ? "" : ", ") + "variant class path");
    }

    /** One cold child of {@code setting}: its mode, its JAVA_TOOL_OPTIONS and its class path. */
    private Map<String, Long> sample(String cpus, List<String> setting) throws Exception {
        function = setting.get(0);
        String toolOptions = setting.get(1);
        samples++;
        Path eventFile = dir.resolve("event-" + samples + ".json");
        String videoId = decrypts() ? "cold-video" : randomVideoId();
        Files.write(eventFile, event(videoId).getBytes(StandardCharsets.UTF_8));
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(Arrays.asList("taskset", "-c", cpus));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!argument.startsWith("-Djavax.net.ssl.")) {
                command.add(argument);
            }
        }
        command.add("-Djavax.net.ssl.trustStore=" + trustStore);
        command.add("-cp");
        command.add(setting.get(2));
        command.addAll(childClassAndMode());
        command.add(eventFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        environment.clear();
        environment.put("PATH", path);
        environment.putAll(functionEnvironment());
        if (!toolOptions.isEmpty()) {
            environment.put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        int[] callsBefore = {kms.calls().size(), vod.calls().size(), ots.calls().size()};
        int[] connectionsBefore = counts(true);
        int[] requestsBefore = counts(false);
        long spawned = micros(Instant.now());
        Process process = builder.start();
        // A child that hangs (a client stalled past its own timeouts) is killed: a failed sample, not a stuck probe
        java.util.concurrent.CompletableFuture<Void> watchdog = java.util.concurrent.CompletableFuture.runAsync(
                process::destroyForcibly, java.util.concurrent.CompletableFuture.delayedExecutor(
                        CHILD_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (!watchdog.cancel(false)) {
            output += "\n(killed after " + CHILD_TIMEOUT_SECONDS + " s)";
        }
        String line = output.lines().filter(l -> l.startsWith("cold-instance ")).findFirst().orElse(null);
        if (exit != 0 || line == null || !line.contains(" status=200")) {
            throw new FailedSample("exit " + exit + "; the stand-ins saw " + since(connectionsBefore, true).size()
                    + " TLS connections and " + since(requestsBefore, false).size() + " requests (kms, vod, ots: "
                    + Arrays.toString(diff(connectionsBefore, true)) + " connections, "
                    + Arrays.toString(diff(requestsBefore, false)) + " requests):\n" + output);
        }
        if (function.endsWith("callback") && vod.calls().stream().noneMatch(c -> c.status == 200
                && "SubmitTranscodeJobs".equals(c.params.get("Action")) && videoId.equals(c.params.get("VideoId")))) {
            throw new FailedSample("the callback answered 200 but submitted no job for " + videoId);
        }
        Map<String, Long> child = new LinkedHashMap<>();
        for (String field : line.substring("cold-instance ".length()).split(" ")) {
            String[] pair = field.split("=", 2);
            if (!pair[0].equals("status")) {
                child.put(pair[0], Long.parseLong(pair[1]));
            }
        }
        if (showCalls) {
            System.out.println("calls " + callsSince(callsBefore));
        }
        List<Long> connections = since(connectionsBefore, true);
        List<Long> requests = since(requestsBefore, false);
        long initialized = child.get("initialized");
        long answered = child.get("answered");
        if (!function.equals("floor-jvm") && connections.stream().noneMatch(t -> t >= initialized)) {
            throw new IllegalStateException("no TLS connection during the request");
        }
        // floor-jvm makes no connection; floor-tls's GET may reach the stand-in after the child has its answer
        long firstConnection = connections.stream().filter(t -> t >= initialized).min(Long::compare)
                .orElse(answered);
        long firstRequest = Math.min(answered, requests.stream().filter(t -> t >= firstConnection)
                .min(Long::compare).orElse(answered));
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("jvm", child.get("main") - spawned);
        phases.put("handler", child.get("constructed") - child.get("main"));
        phases.put("init", initialized - child.get("constructed"));
        phases.put("connect", firstConnection - initialized);
        phases.put("tls", firstRequest - firstConnection);
        phases.put("rest", answered - firstRequest);
        phases.put("total", answered - spawned);
        phases.put("cpu", child.get("cpuMicros"));
        phases.put("classesMain", child.get("classesMain"));
        phases.put("classesHandler", child.get("classesConstructed") - child.get("classesMain"));
        phases.put("classesInit", child.get("classesInitialized") - child.get("classesConstructed"));
        phases.put("classesRequest", child.get("classesAnswered") - child.get("classesInitialized"));
        phases.put("connections", (long) connections.size());
        phases.put("requests", (long) requests.size());
        return phases;
    }

    /** A cold instance that did not answer 200 (e.g. a dependency call timed out): reported, not timed. */
    private static final class FailedSample extends Exception {
        private static final long serialVersionUID = 1L;

        FailedSample(String message) {
            super(message);
        }
    }

    /** The child's main class and its first argument: the handler for FC, the mode for the floor. */
    private List<String> childClassAndMode() {
        if (function.startsWith("floor-")) {
            return List.of(CloudFloorInstance.class.getName(), function);
        }
        return List.of(ColdInstance.class.getName(), function.equals("token")
                ? "io.github.vodhls.functions.TokenHandler" : decrypts() ? "io.github.vodhls.functions.DecryptHandler"
                : "io.github.vodhls.functions.UploadCallbackHandler");
    }

    /** Whether the child fetches a key (decrypt, floor-decrypt) or does not take the callback's calls. */
    private boolean decrypts() {
        return !function.endsWith("callback");
    }

    /** The function's environment as s.yaml would give it, pointed at the stand-ins, with the role's STS keys. */
    private Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", ID);
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", STS_TOKEN);
        env.put("FC_REGION", LoopbackKms.REGION);
        env.put("TABLESTORE_ENDPOINT", ots.endpoint());
        env.put("TABLESTORE_INSTANCE", INSTANCE);
        env.put("TABLESTORE_VIDEO_TABLE", "videos");
        env.put("KMS_ENDPOINT", kms.endpoint());
        if (function.equals("token")) {
            env.put("TABLESTORE_TOKEN_TABLE", "tokens");
            env.put("TOKEN_SIGNING_KEYS", signingKeys);
            env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey));
            env.put("DECRYPT_BASE_URL", DECRYPT_BASE_URL);
            env.put("KMS_KEY_ID", ALIAS);
        } else if (decrypts()) {
            env.put("TABLESTORE_TOKEN_TABLE", "tokens");
            env.put("TOKEN_VERIFICATION_KEYS", signingKeys);
        } else {
            env.put("DECRYPT_BASE_URL", DECRYPT_BASE_URL);
            env.put("KMS_KEY_ID", ALIAS);
            env.put("VOD_ENDPOINT", vod.endpoint());
            env.put("VOD_TEMPLATE_GROUP_ID", TEMPLATE_GROUP);
            env.put("VOD_CALLBACK_URL", CALLBACK_URL);
            env.put("VOD_CALLBACK_PRIVATE_KEY", CALLBACK_KEY);
        }
        return env;
    }

    /** The invocation's FC event: a key request with a fresh token, or a freshly signed FileUploadComplete. */
    private String event(String videoId) throws IOException {
        if (function.equals("floor-jvm") || function.equals("floor-tls")) {
            return "";
        }
        if (function.equals("token")) {
            // a viewer of its own each time, so no sample meets another's stream limits
            return FcEventBuilder.post("/token").bearer(apiKey).json("{\"videoId\":\"" + videoId
                    + "\",\"userId\":\"" + randomVideoId() + "\",\"maxUses\":5}").build();
        }
        if (decrypts()) {
            JsonObject issued = call(tokens, FcEventBuilder.post("/token").bearer(apiKey)
                    .json("{\"videoId\":\"" + videoId + "\",\"userId\":\"viewer\",\"maxUses\":5}"));
            String token = issued.get("token").getAsString();
            if (function.startsWith("floor-")) {
                String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                        StandardCharsets.UTF_8);
                return "videoId=" + videoId + "\nciphertext=" + ciphertext + "\nmaxUses=5\ntokenId="
                        + JsonParser.parseString(claims).getAsJsonObject().get("jti").getAsString() + "\n";
            }
            return FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext)
                    .query("MtsHlsUriToken", token).build();
        }
        if (function.startsWith("floor-")) {
            vod.uploaded(videoId, "Normal");
            return "videoId=" + videoId + "\npairId=" + randomVideoId() + "\nbodySha256=" + randomVideoId() + "\n";
        }
        vod.uploaded(videoId, "Normal");
        JsonObject event = JsonParser.parseString(Files.readString(Paths.get("events",
                "callback-file-upload-complete.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject body = JsonParser.parseString(event.get("body").getAsString()).getAsJsonObject();
        body.addProperty("VideoId", videoId);
        event.addProperty("body", body.toString());
        // each event its own signed timestamp, counting back: a pair signed once is bound to its first body
        long timestamp = firstSigned - samples;
        JsonObject headers = event.getAsJsonObject("headers");
        headers.addProperty("X-VOD-TIMESTAMP", String.valueOf(timestamp));
        headers.addProperty("X-VOD-SIGNATURE", VodCallbackSignature.sign(CALLBACK_URL, timestamp, CALLBACK_KEY));
        return event.toString();
    }

    private static JsonObject call(TokenHandler handler, FcEventBuilder event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        JsonObject response = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        if (response.get("statusCode").getAsInt() != 200) {
            throw new IllegalStateException("setting up failed: " + response);
        }
        return JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
    }

    /**
     * The JDK's cacerts plus the stand-ins' certificates, in cacerts' own format (JKS in JDK 11 and 17), read without a
     * password as the JDK reads cacerts: the child pays what it pays for the default trust store.
     */
    private Path trustStore() throws Exception {
        char[] password = trustPassword.toCharArray();
        KeyStore store = KeyStore.getInstance(Paths.get(System.getProperty("java.home"), "lib", "security",
                "cacerts").toFile(), "changeit".toCharArray());
        KeyStore copy = KeyStore.getInstance("JKS");
        copy.load(null, password);
        for (String alias : Collections.list(store.aliases())) {
            copy.setCertificateEntry(alias, store.getCertificate(alias));
        }
        int n = 0;
        for (X509Certificate certificate : List.of(kms.trustManager().getAcceptedIssuers()[0],
                vod.trustManager().getAcceptedIssuers()[0], ots.trustManager().getAcceptedIssuers()[0])) {
            copy.setCertificateEntry("loopback-" + n++, certificate);
        }
        Path file = dir.resolve("trust.jks");
        try (OutputStream out = Files.newOutputStream(file)) {
            copy.store(out, password);
        }
        return file;
    }

    /** The requests each stand-in answered since {@code before} (its call counts then), in arrival order per service. */
    private String callsSince(int[] before) {
        return "kms " + kms.calls().subList(before[0], kms.calls().size()) + "; vod "
                + vod.calls().subList(before[1], vod.calls().size()).stream().map(c -> c.params.get("Action") + " -> "
                        + c.status).collect(java.util.stream.Collectors.toList())
                + "; ots " + ots.calls().subList(before[2], ots.calls().size());
    }

    private LoopbackTimeline[] timelines() {
        return new LoopbackTimeline[] {kms.timeline(), vod.timeline(), ots.timeline()};
    }

    private int[] counts(boolean connections) {
        LoopbackTimeline[] all = timelines();
        int[] counts = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            counts[i] = (connections ? all[i].connections() : all[i].requests()).size();
        }
        return counts;
    }

    private int[] diff(int[] before, boolean connections) {
        int[] now = counts(connections);
        for (int i = 0; i < now.length; i++) {
            now[i] -= before[i];
        }
        return now;
    }

    private List<Long> since(int[] before, boolean connections) {
        LoopbackTimeline[] all = timelines();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            List<Instant> list = connections ? all[i].connections() : all[i].requests();
            for (Instant t : list.subList(before[i], list.size())) {
                times.add(micros(t));
            }
        }
        return times;
    }

    private static Map<String, Long> medians(List<Map<String, Long>> samples) {
        Map<String, Long> medians = new LinkedHashMap<>();
        for (String key : samples.get(0).keySet()) {
            List<Long> values = new ArrayList<>();
            samples.forEach(s -> values.add(s.get(key)));
            Collections.sort(values);
            medians.put(key, values.get(values.size() / 2));
        }
        return medians;
    }

    private static String line(String function, String setting, Map<String, Long> sample) {
        return "cold-cloud " + function + " " + format(sample) + (setting.isEmpty() ? "" : " [" + setting + "]");
    }

    private static String format(Map<String, Long> phases) {
        StringBuilder s = new StringBuilder();
        for (String phase : PHASES) {
            s.append(phase).append('=').append(String.format(Locale.ROOT, "%.1f", phases.get(phase) / 1000.0))
                    .append(' ');
        }
        s.append("ms; classes main=").append(phases.get("classesMain")).append(" handler=")
                .append(phases.get("classesHandler")).append(" init=").append(phases.get("classesInit"))
                .append(" request=").append(phases.get("classesRequest")).append("; connections=")
                .append(phases.get("connections")).append(" requests=").append(phases.get("requests"));
        return s.toString();
    }

    private static double[] loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).split(" ");
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2])};
        } catch (IOException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    private static String randomVideoId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private void close() {
        ots.close();
        vod.close();
        kms.close();
    }
}
