package io.github.vodhls.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.ConfigVariable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's command line: {@code serve}, {@code upload}, {@code token}, {@code verify}, {@code smoke},
 * {@code hash-api-key}.
 */
public final class Main {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Main(System.getenv(), System.out, System.err).run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static final String USAGE = String.join("\n",
            "usage: java -jar vod-hls-encryption-local.jar <command> [options]",
            "  serve [--port 8080] [--data-dir ./data] [--deny USER:VIDEO[,USER:VIDEO...]] [--no-demo]",
            "                                                 start the functions on 127.0.0.1; --deny sets the",
            "                                                 local entitlement rule (* matches any user or video)",
            "                                                 (uploads a demo video unless --no-demo)",
            "  upload FILE [--server URL] [--no-wait]         local VOD upload; prints the videoId, waits until",
            "                                                 the video is playable (Normal) or Failed",
            "  token --video ID --user U [--server URL] [--ttl SECONDS] [--max-uses N] [--play-info]",
            "        [--api-key KEY | --data-dir DIR]         print a token from a running stack; --play-info",
            "                                                 also prints the video's encrypted HLS play URLs",
            "                                                 (GetPlayInfo; the local VOD's own for its uploads)",
            "  hash-api-key KEY                               print the SHA-256 to put in API_KEY_SHA256",
            "  verify PLAYLIST_URL [--key-uri PREFIX]         check an encrypted playlist end to end (AES-128,",
            "                                                 key URI with token, 16-byte key, first segment",
            "                                                 decrypts); exit 0 only if every check passes",
            "  smoke --token-url URL --api-key KEY [--video-id ID] [--playlist-url URL]",
            "                                                 check a deployment: data key, token, 16-byte key,",
            "                                                 forged token refused, revocation; with --playlist-url",
            "                                                 (a play URL without token, of --video-id) also verify",
            "environment: LOCAL_API_KEY sets the API key of serve and token; LOCAL_HTTP_* tune serve's HTTP server",
            "             (workers, timeouts, size limits: see docs/configuration.md); LOCAL_STORE_LATENCY_MS and",
            "             LOCAL_KMS_LATENCY_MS delay each of serve's store and KMS calls like a cloud round trip");

    /** Runs a command; returns the process exit code. {@code serve} returns only when interrupted. */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Options options = Options.parse(args, 1);
            switch (args[0]) {
                case "serve":
                    return serve(options);
                case "token":
                    return token(options);
                case "upload":
                    return upload(options);
                case "verify":
                    if (options.positional().size() != 1) {
                        throw new UsageException("verify takes the playlist URL (with its MtsHlsUriToken)");
                    }
                    return new PlaylistVerifier(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                            .followRedirects(HttpClient.Redirect.NORMAL).build(), out,
                            options.value("key-uri", null)).verify(options.positional().get(0));
                case "smoke":
                    if (options.has("playlist-url") && !options.has("video-id")) {
                        throw new UsageException("--playlist-url needs --video-id, the id of that video");
                    }
                    return new DeploymentSmokeTest(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                            .followRedirects(HttpClient.Redirect.NORMAL).build(), out,
                            options.required("token-url"), options.required("api-key"),
                            options.value("video-id", null), options.value("playlist-url", null),
                            new java.security.SecureRandom()).run();
                case "hash-api-key":
                    if (options.positional().size() != 1) {
                        throw new UsageException("hash-api-key takes exactly one argument");
                    }
                    out.println(ApiKeyAuthenticator.sha256Hex(options.positional().get(0)));
                    return 0;
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int serve(Options options) throws IOException {
        int port = options.intValue("port", 8080);
        Path dataDir = Paths.get(options.value("data-dir", "./data")).toAbsolutePath().normalize();
        Map<String, String> settings = settingsFrom(environment);
        LocalHttpSettings http;
        try {
            http = LocalHttpSettings.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        LocalStack stack = LocalStack.start(port, dataDir, environment.get("LOCAL_API_KEY"), settings, http, err);
        Thread shutdown = new Thread(stack::close, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        for (String rule : options.value("deny", "").split(",")) {
            if (rule.trim().isEmpty()) {
                continue;
            }
            String[] userAndVideo = rule.trim().split(":", 2);
            if (userAndVideo.length != 2 || userAndVideo[0].isEmpty() || userAndVideo[1].isEmpty()) {
                stack.close();
                throw new UsageException("--deny takes USER:VIDEO pairs, got '" + rule.trim() + "'");
            }
            stack.entitlements().set(userAndVideo[0], userAndVideo[1], false);
            out.println("  entitlement " + userAndVideo[0] + " may not watch " + userAndVideo[1]);
        }
        String base = stack.baseUrl();
        out.println("vod-hls-encryption local stack is up");
        out.println("  demo page   " + base + "/");
        out.println("  token       POST " + base + "/token   (and /keys, /revoke)");
        out.println("  decrypt     GET  " + base + "/decrypt?Ciphertext=...&MtsHlsUriToken=...");
        out.println("  playlist    GET  " + base + "/media/{videoId}/index.m3u8?MtsHlsUriToken=...  (adds the token to "
                + "every key URI)");
        out.println("  login       POST " + base + "/login   (stands in for your app's login: a viewer login JWT)");
        out.println("  data dir    " + dataDir);
        out.println("  API key     " + stack.apiKey()
                + (environment.get("LOCAL_API_KEY") != null ? "   (from LOCAL_API_KEY)" : ""));
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            out.println("  setting     " + describe(setting.getKey(), setting.getValue()));
        }
        for (String setting : LocalHttpSettings.describeSet(environment)) {
            out.println("  http        " + setting);
        }
        for (String ignored : ignoredSettings(environment)) {
            err.println("  ignored     " + ignored + ": the local stack reads no KMS secrets; set the variable itself");
        }
        if (stack.ffmpegProblem() != null) {
            out.println("  uploads     unavailable: " + stack.ffmpegProblem());
        } else if (!options.has("no-demo")) {
            String demo = stack.uploadDemo(10);
            out.println("  demo video  " + demo + "  (status: " + base + "/videos/" + demo + "; play it on the demo "
                    + "page, or `token --video " + demo + " --user alice --play-info` prints a play URL)");
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // Ctrl+C ends the JVM through the shutdown hook; an interrupt (an embedding program, a test) stops here
            stack.close();
            Runtime.getRuntime().removeShutdownHook(shutdown);
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The documented configuration variables ({@link ConfigVariable}) set in the environment, for the functions of the
     * local stack: they take precedence over the stack's own settings, as on Function Compute. The {@code *_SECRET}
     * variables are left out (the local stack reads no KMS secrets).
     */
    static Map<String, String> settingsFrom(Map<String, String> environment) {
        Map<String, String> settings = new java.util.TreeMap<>();
        for (ConfigVariable variable : ConfigVariable.values()) {
            String value = environment.get(variable.name());
            if (value != null && !value.trim().isEmpty() && variable.secretTarget() == null) {
                settings.put(variable.name(), value.trim());
            }
        }
        return settings;
    }

    private static java.util.List<String> ignoredSettings(Map<String, String> environment) {
        java.util.List<String> ignored = new java.util.ArrayList<>();
        for (ConfigVariable variable : ConfigVariable.values()) {
            String value = environment.get(variable.name());
            if (value != null && !value.trim().isEmpty() && variable.secretTarget() != null) {
                ignored.add(variable.name());
            }
        }
        return ignored;
    }

    /** {@code NAME=value}, or {@code NAME=(set)} for variables that hold keys or secrets. */
    static String describe(String name, String value) {
        ConfigVariable variable = ConfigVariable.valueOf(name);
        return name + "=" + (variable.secretVariable() != null ? "(set, " + value.length() + " characters)" : value);
    }

    private int token(Options options) throws IOException {
        String server = options.value("server", DEFAULT_SERVER);
        String apiKey = options.value("api-key", environment.get("LOCAL_API_KEY"));
        if (apiKey == null) {
            apiKey = LocalSecrets.existingApiKey(Paths.get(options.value("data-dir", "./data")));
        }
        if (apiKey == null) {
            throw new UsageException("no API key: pass --api-key, set LOCAL_API_KEY or point --data-dir at serve's");
        }
        JsonObject body = new JsonObject();
        body.addProperty("videoId", options.required("video"));
        body.addProperty("userId", options.required("user"));
        if (options.has("ttl")) {
            body.addProperty("ttlSeconds", options.intValue("ttl", 0));
        }
        if (options.has("max-uses")) {
            body.addProperty("maxUses", options.intValue("max-uses", 0));
        }
        if (options.has("play-info")) {
            body.addProperty("playInfo", true);
        }
        HttpResponse<String> response = post(server + "/token", apiKey, body.toString());
        if (response.statusCode() != 200) {
            err.println("error: " + response.statusCode() + " " + response.body());
            return 1;
        }
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        out.println(json.get("token").getAsString());
        if (json.has("playInfo")) {
            for (com.google.gson.JsonElement stream : json.getAsJsonArray("playInfo")) {
                JsonObject entry = stream.getAsJsonObject();
                err.println("play URL (" + entry.get("definition").getAsString() + "): " + entry.get("url").getAsString());
            }
        } else if (json.has("playUrl")) {
            err.println("play URL: " + json.get("playUrl").getAsString());
        }
        return 0;
    }

    private int upload(Options options) throws IOException {
        if (options.positional().size() != 1) {
            throw new UsageException("upload takes exactly one FILE");
        }
        Path file = Paths.get(options.positional().get(0));
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        String server = options.value("server", DEFAULT_SERVER);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = send(client, HttpRequest.newBuilder(URI.create(server + "/upload?name="
                + java.net.URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        if (response.statusCode() != 202) {
            err.println("error: " + response.statusCode() + " " + response.body());
            return 1;
        }
        String videoId = JsonParser.parseString(response.body()).getAsJsonObject().get("videoId").getAsString();
        out.println(videoId);
        if (options.has("no-wait")) {
            return 0;
        }
        String last = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = send(client, HttpRequest.newBuilder(URI.create(server + "/videos/" + videoId))
                    .timeout(Duration.ofSeconds(10)).build());
            JsonObject json = JsonParser.parseString(status.body()).getAsJsonObject();
            String state = json.has("status") ? json.get("status").getAsString() : "unknown";
            String line = state + (state.equals("Transcoding") ? " " + json.get("progress").getAsInt() + "%" : "");
            if (!line.equals(last)) {
                err.println(line);
                last = line;
            }
            if (state.equals("Normal")) {
                return 0;
            }
            if (state.equals("Failed")) {
                err.println("error: " + (json.has("reason") ? json.get("reason").getAsString() : "failed"));
                return 1;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        err.println("error: still " + last + " after 30 minutes");
        return 1;
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("cannot reach " + request.uri().getHost() + ":" + request.uri().getPort()
                    + " (" + e.getClass().getSimpleName() + "); is `serve` running?");
        }
    }

    private static HttpResponse<String> post(String url, String apiKey, String json) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("cannot reach " + url + " (" + e.getClass().getSimpleName()
                    + "); is `serve` running?");
        }
    }

    /** A command line error: reported with the usage and exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --name value} options and positional arguments. */
    static final class Options {
        /** Options that take no value. */
        static final java.util.Set<String> FLAGS = java.util.Set.of("no-demo", "no-wait", "play-info");

        private final Map<String, String> values = new HashMap<>();
        private final java.util.List<String> positional = new java.util.ArrayList<>();

        static Options parse(String[] args, int from) {
            Options options = new Options();
            for (int i = from; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("--")) {
                    String name = arg.substring(2);
                    int eq = name.indexOf('=');
                    if (eq >= 0) {
                        options.values.put(name.substring(0, eq), name.substring(eq + 1));
                    } else if (FLAGS.contains(name)) {
                        options.values.put(name, "true");
                    } else if (i + 1 < args.length) {
                        options.values.put(name, args[++i]);
                    } else {
                        throw new UsageException("--" + name + " needs a value");
                    }
                } else {
                    options.positional.add(arg);
                }
            }
            return options;
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name, String defaultValue) {
            return values.getOrDefault(name, defaultValue);
        }

        String required(String name) {
            String value = values.get(name);
            if (value == null || value.isEmpty()) {
                throw new UsageException("--" + name + " is required");
            }
            return value;
        }

        int intValue(String name, int defaultValue) {
            String value = values.get(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number");
            }
        }

        java.util.List<String> positional() {
            return positional;
        }
    }
}
