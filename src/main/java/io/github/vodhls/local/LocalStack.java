package io.github.vodhls.local;

import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.adapters.local.H2Database;
import io.github.vodhls.adapters.local.H2TokenStore;
import io.github.vodhls.adapters.local.H2VideoKeyRegistry;
import io.github.vodhls.adapters.local.LocalEntitlements;
import io.github.vodhls.adapters.local.LocalKms;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.Endpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local stack: the same FC handler classes as in the cloud, behind a loopback HTTP server that speaks FC 3.0
 * events to them, with a local KMS and an embedded H2 store in the data directory.
 */
public final class LocalStack implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final H2Database database;
    private final String baseUrl;
    private final String apiKey;
    private final Path dataDir;
    private final LocalEntitlements entitlements;

    private LocalStack(HttpServer server, ExecutorService executor, H2Database database, String baseUrl,
            String apiKey, Path dataDir, LocalEntitlements entitlements) {
        this.entitlements = entitlements;
        this.server = server;
        this.executor = executor;
        this.database = database;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.dataDir = dataDir;
    }

    /**
     * Starts the stack on 127.0.0.1.
     *
     * @param port TCP port, 0 for any free one
     * @param apiKeyOverride the API key to accept (e.g. from {@code LOCAL_API_KEY}), or null to use the data
     *     directory's generated one
     * @param extraEnvironment further configuration variables (e.g. TOKEN_DEFAULT_MAX_USES) for the functions
     */
    public static LocalStack start(int port, Path dataDir, String apiKeyOverride, Map<String, String> extraEnvironment,
            PrintStream log) throws IOException {
        Files.createDirectories(dataDir);
        SecureRandom random = new SecureRandom();
        String apiKey = apiKeyOverride != null && !apiKeyOverride.isEmpty() ? apiKeyOverride
                : LocalSecrets.apiKey(dataDir, random);
        String signingSecret = LocalSecrets.signingSecret(dataDir, random);
        String loginSecret = LocalSecrets.loginSecret(dataDir, random);

        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to every small response (measured with bench/LoadProbe).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();

        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS", "local-1=" + signingSecret);
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey));
        env.put("DECRYPT_BASE_URL", baseUrl + "/decrypt");
        // No PLAY_URL_TEMPLATE yet: the local stack has no playlist route to point players at.
        env.put("CORS_ALLOWED_ORIGINS", "*");
        env.put("STORE", "memory");
        env.put("LOGIN_HMAC_SECRETS", LocalLogin.KID + "=" + loginSecret);
        env.put("LOGIN_ISSUER", LocalLogin.ISSUER);
        env.put("LOGIN_AUDIENCE", LocalLogin.AUDIENCE);
        // The local rule is in memory: no point caching its answers, and a changed rule shows at once.
        env.put("ENTITLEMENT_CACHE_ALLOW_SECONDS", "0");
        env.put("ENTITLEMENT_CACHE_DENY_SECONDS", "0");
        env.putAll(extraEnvironment);
        Config config = Config.from(env);

        H2Database database = H2Database.open(dataDir);
        LocalEntitlements entitlements = new LocalEntitlements();
        try {
            Backends backends = new Backends(LocalKms.open(dataDir), new H2TokenStore(database),
                    new H2VideoKeyRegistry(database), entitlements, context -> { }, () -> { });
            Endpoints endpoints = new Endpoints(config, Clock.systemUTC(), random);
            TokenHandler token = new TokenHandler(endpoints.token(backends));
            DecryptHandler decrypt = new DecryptHandler(endpoints.decrypt(backends));
            token.initialize(null);
            decrypt.initialize(null);

            FcHttpBridge tokenBridge = new FcHttpBridge("token", token, log);
            server.createContext("/token", tokenBridge);
            server.createContext("/keys", tokenBridge);
            server.createContext("/revoke", tokenBridge);
            server.createContext("/decrypt", new FcHttpBridge("decrypt", decrypt, log));
            LocalAccountRoutes accounts = new LocalAccountRoutes(
                    new LocalLogin(Base64.getDecoder().decode(loginSecret), Clock.systemUTC()), entitlements,
                    new ApiKeyAuthenticator(java.util.List.of(ApiKeyAuthenticator.sha256Hex(apiKey))));
            server.createContext("/login", accounts);
            server.createContext("/entitlements", accounts);
            server.createContext("/", new LandingPage(baseUrl));
        } catch (IOException | RuntimeException e) {
            database.close();
            server.stop(0);
            throw e;
        }
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "local-stack-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new LocalStack(server, executor, database, baseUrl, apiKey, dataDir, entitlements);
    }

    /** e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The local entitlement rule (a deny list), also settable over {@code POST /entitlements}. */
    public LocalEntitlements entitlements() {
        return entitlements;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
