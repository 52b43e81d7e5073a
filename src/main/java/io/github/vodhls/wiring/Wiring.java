package io.github.vodhls.wiring;

import io.github.vodhls.adapters.aliyun.KmsKeyManagement;
import io.github.vodhls.adapters.aliyun.KmsSecretSource;
import io.github.vodhls.adapters.aliyun.RoleCredentials;
import io.github.vodhls.adapters.aliyun.TablestoreClients;
import io.github.vodhls.adapters.aliyun.TablestoreTokenStore;
import io.github.vodhls.adapters.aliyun.TablestoreVideoKeyRegistry;
import io.github.vodhls.adapters.aliyun.AcsClients;
import io.github.vodhls.adapters.aliyun.TablestoreCallbackDeliveries;
import io.github.vodhls.adapters.aliyun.VodKeyManagement;
import io.github.vodhls.adapters.aliyun.VodPlayInfo;
import io.github.vodhls.adapters.aliyun.VodTranscoder;
import io.github.vodhls.adapters.aliyun.VodVideoCatalog;
import io.github.vodhls.adapters.http.HttpPlaylistOrigin;
import io.github.vodhls.adapters.http.WebhookEntitlements;
import io.github.vodhls.adapters.memory.InMemoryCallbackDeliveries;
import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.config.FunctionName;
import io.github.vodhls.core.config.SecretEnvironment;
import io.github.vodhls.core.config.SecretSource;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.keys.KeyServices;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the FC functions' object graphs from the environment: the only class that reads it. Clients are created
 * lazily (on the initializer's warm-up, or the first request), never at class load.
 */
public final class Wiring {
    static final String ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    static final String ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    static final String SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

    private final Map<String, String> environment;
    private final Clock clock;
    private final SecureRandom random;
    private final SecretSource secrets;
    private final boolean production;
    private final Consumer<String> warnings;
    private RoleCredentials roleCredentials;
    private AcsClients kmsClients;
    private AcsClients vodClients;
    private TablestoreClients tablestoreClients;

    public Wiring(Map<String, String> environment, Clock clock, SecureRandom random) {
        this(environment, clock, random, null);
    }

    /**
     * @param secrets where {@code *_SECRET} variables are read; null for KMS Secrets Manager (in KMS_REGION, through
     *     KMS_ENDPOINT when set)
     */
    public Wiring(Map<String, String> environment, Clock clock, SecureRandom random, SecretSource secrets) {
        this(environment, clock, random, secrets, false, line -> { });
    }

    /**
     * @param production true on Function Compute: STORE=memory is refused
     * @param warnings where configuration warnings (unused variables) go, one JSON line each
     */
    public Wiring(Map<String, String> environment, Clock clock, SecureRandom random, SecretSource secrets,
            boolean production, Consumer<String> warnings) {
        this.environment = environment;
        this.clock = clock;
        this.random = random;
        this.secrets = secrets;
        this.production = production;
        this.warnings = warnings;
    }

    /**
     * The wiring FC uses: the process environment, the system clock, a fresh SecureRandom; refuses STORE=memory, and
     * writes its warnings to standard output (FC's log).
     */
    public static Wiring fromEnvironment() {
        return new Wiring(System.getenv(), Clock.systemUTC(), new SecureRandom(), null, true, System.out::println);
    }

    /** The token function; with an invalid configuration, a graph that fails closed naming the variable. */
    public FunctionGraph tokenFunction() {
        return build(FunctionName.TOKEN, config -> {
            FunctionGraphs endpoints = new FunctionGraphs(config, clock, random);
            endpoints.codec();
            // GetPlayInfo's client is built on the first request that asks for play info
            // KMS (or VOD) makes keys for /keys only: its client is built by the first /keys request, not at start
            return endpoints.token(cloudBackends(config, true, false)
                    .withPlayInfo(new VodPlayInfo(() -> vodClients(config).get())));
        });
    }

    /** The decrypt function; with an invalid configuration, a graph that fails closed naming the variable. */
    public FunctionGraph decryptFunction() {
        return build(FunctionName.DECRYPT, config -> {
            FunctionGraphs endpoints = new FunctionGraphs(config, clock, random);
            endpoints.codec(false);
            return endpoints.decrypt(cloudBackends(config, false, true));
        });
    }

    /**
     * The playlist function: token verification, the token table (for revocations; no KMS, no video table) and
     * the HTTP origin; with an invalid configuration, a graph that fails closed naming the variable.
     */
    public FunctionGraph playlistFunction() {
        return build(FunctionName.PLAYLIST, config -> {
            FunctionGraphs endpoints = new FunctionGraphs(config, clock, random);
            endpoints.codec(false);
            HttpPlaylistOrigin origin = new HttpPlaylistOrigin(config.httpUrl(ConfigVariable.ORIGIN_BASE_URL),
                    Duration.ofMillis(config.integer(ConfigVariable.ORIGIN_TIMEOUT_MS)),
                    endpoints.maxPlaylistBytes());
            RoleCredentials credentials = credentials();
            Consumer<Invocation> refresh = refresh(credentials);
            if ("memory".equals(config.choice(ConfigVariable.STORE))) {
                return endpoints.playlist(new InMemoryTokenStore(), origin, refresh, () -> { });
            }
            TablestoreClients rows = tablestore(config, credentials);
            return endpoints.playlist(new TablestoreTokenStore(rows,
                    config.require(ConfigVariable.TABLESTORE_TOKEN_TABLE)), origin, refresh, rows::warmUp);
        });
    }

    /** The upload-callback function; with an invalid configuration, a graph that fails closed naming the variable. */
    public FunctionGraph uploadCallbackFunction() {
        return build(FunctionName.UPLOAD_CALLBACK, config -> {
            String templateGroup = config.require(ConfigVariable.VOD_TEMPLATE_GROUP_ID);
            Backends backends = cloudBackends(config, true, true);
            return new FunctionGraphs(config, clock, random).uploadCallback(backends.withUploadCallback(
                    new VodTranscoder(vodClients(config), templateGroup), new VodVideoCatalog(vodClients(config)),
                    callbackDeliveries(config)));
        });
    }

    /**
     * The one way a function's graph is built: from the environment (with its KMS secrets, when it names any), its
     * configuration checked for the function ({@link #config}), then {@code graph}. A configuration problem gives a
     * graph that fails closed with 500 CONFIGURATION_INVALID naming the variables; anything else that goes wrong is a
     * bug, which gives a graph failing with INTERNAL_ERROR and one log line, never a configuration error.
     */
    FunctionGraph build(FunctionName function, Function<Config, FunctionGraph> graph) {
        return withSecrets(function.label(), environment -> {
            try {
                return graph.apply(config(environment, function));
            } catch (ConfigurationException e) {
                return FunctionGraph.failed(e);
            } catch (RuntimeException e) {
                com.google.gson.JsonObject line = new com.google.gson.JsonObject();
                line.addProperty("function", function.label());
                line.addProperty("event", "configuration");
                line.addProperty("outcome", "build-failed");
                line.addProperty("code", ErrorCode.INTERNAL_ERROR.code());
                line.addProperty("message", "building the function failed: " + e.getClass().getName()
                        + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
                warnings.accept(line.toString());
                return FunctionGraph.broken(new IllegalStateException("building the " + function.label()
                        + " function failed: " + e.getClass().getName(), null));
            }
        });
    }

    /**
     * The cloud adapters of a function. The initializer (warm-up) creates the store's client and, with
     * {@code keyClientAtStart}, the key service's (the token function's first request for a key builds its own).
     */
    private Backends cloudBackends(Config config, boolean generatesKeys, boolean keyClientAtStart) {
        RoleCredentials credentials = credentials();
        KeyService generating = KeyService.fromStored(config.choice(ConfigVariable.KEY_SERVICE));
        AcsClients keyClients = generating == KeyService.VOD ? vodClients(config) : kmsClients(config);
        KeyServices keys = keyServices(config, generating, generatesKeys);
        Consumer<Invocation> refresh = refresh(credentials);
        Runnable keyClientWarmUp = keyClientAtStart ? keyClients::get : () -> { };
        if ("memory".equals(config.choice(ConfigVariable.STORE))) {
            return new Backends(keys, new InMemoryTokenStore(), new InMemoryVideoKeyRegistry(),
                    entitlements(config), refresh, keyClientWarmUp);
        }
        TablestoreClients rows = tablestore(config, credentials);
        TokenStore tokens = new TablestoreTokenStore(rows, config.require(ConfigVariable.TABLESTORE_TOKEN_TABLE));
        VideoKeyRegistry videos = new TablestoreVideoKeyRegistry(rows,
                config.require(ConfigVariable.TABLESTORE_VIDEO_TABLE));
        return new Backends(keys, tokens, videos, entitlements(config), refresh, () -> {
            keyClientWarmUp.run();
            rows.warmUp();
        });
    }

    /** Where the upload-callback function binds signed callbacks to their bodies: the video table, or memory. */
    private CallbackDeliveries callbackDeliveries(Config config) {
        if ("memory".equals(config.choice(ConfigVariable.STORE))) {
            return new InMemoryCallbackDeliveries();
        }
        return new TablestoreCallbackDeliveries(tablestore(config, credentials()),
                config.require(ConfigVariable.TABLESTORE_VIDEO_TABLE));
    }

    /**
     * The key services of a function. The token and upload-callback functions only make keys, with KEY_SERVICE's
     * service, whose adapter is checked now. The decrypt function opens each video's key with the service that made
     * it, so it can reach both; the one KEY_SERVICE does not name is built (adapter and client) only when a key of it
     * first shows up.
     */
    private KeyServices keyServices(Config config, KeyService generating, boolean generatesKeys) {
        Map<KeyService, Supplier<KeyManagement>> services = new EnumMap<>(KeyService.class);
        if (generatesKeys) {
            KeyManagement generator = generating == KeyService.VOD ? new VodKeyManagement(vodClients(config))
                    : new KmsKeyManagement(kmsClients(config), config.require(ConfigVariable.KMS_KEY_ID));
            services.put(generating, () -> generator);
        } else {
            services.put(KeyService.KMS, () -> KmsKeyManagement.decryptOnly(kmsClients(config)));
            services.put(KeyService.VOD, () -> new VodKeyManagement(vodClients(config)));
        }
        return new KeyServices(generating, services);
    }

    /**
     * The function's configuration: every variable checked at once, the ones it requires present; a variable it does
     * not read is reported in one log line (a warning, not a failure). Function Compute's wiring refuses STORE=memory:
     * state in one instance's memory is lost when FC drops the instance, and the functions would never see each
     * other's tokens.
     */
    private Config config(Map<String, String> environment, FunctionName function) {
        Config config = Config.forFunction(environment, function);
        if (production && "memory".equals(config.choice(ConfigVariable.STORE))) {
            throw new ConfigurationException(ConfigVariable.STORE.name(), "memory is for tests and benchmarks only: on "
                    + "Function Compute state must live in Tablestore (STORE=tablestore)");
        }
        java.util.List<String> unused = config.unusedBy(function);
        if (!unused.isEmpty()) {
            com.google.gson.JsonObject line = new com.google.gson.JsonObject();
            line.addProperty("function", function.label());
            line.addProperty("event", "configuration");
            line.addProperty("outcome", "unused-variables");
            com.google.gson.JsonArray names = new com.google.gson.JsonArray();
            unused.forEach(names::add);
            line.add("variables", names);
            line.addProperty("detail", "set but not read by this function; see docs/configuration.md");
            warnings.accept(line.toString());
        }
        return config;
    }

    /** Before each invocation: the role's fresh STS credentials from FC's context. */
    private static Consumer<Invocation> refresh(RoleCredentials credentials) {
        return invocation -> {
            Invocation.Credentials fresh = invocation == null ? null : invocation.credentials();
            if (fresh != null) {
                credentials.update(fresh.accessKeyId(), fresh.accessKeySecret(), fresh.securityToken());
            }
        };
    }

    /**
     * The Tablestore client, built once per wiring: a graph rebuilt after a secret rotation keeps it (none of its
     * settings can come from a secret).
     */
    private TablestoreClients tablestore(Config config, RoleCredentials credentials) {
        if (tablestoreClients == null) {
            tablestoreClients = new TablestoreClients(config.require(ConfigVariable.TABLESTORE_ENDPOINT),
                    config.require(ConfigVariable.TABLESTORE_INSTANCE), credentials,
                    config.integer(ConfigVariable.TABLESTORE_TIMEOUT_MS));
        }
        return tablestoreClients;
    }

    /** The KMS client (data keys and secrets), built once per wiring like {@link #tablestore}. */
    private synchronized AcsClients kmsClients(Config config) {
        if (kmsClients == null) {
            kmsClients = acsClients(config, AcsClients.Product.KMS, ConfigVariable.KMS_REGION,
                    ConfigVariable.KMS_ENDPOINT, ConfigVariable.KMS_CONNECT_TIMEOUT_MS,
                    ConfigVariable.KMS_READ_TIMEOUT_MS);
        }
        return kmsClients;
    }

    /** For tests: whether the KMS client has been built (the initializer of the decrypt and callback functions). */
    synchronized boolean kmsClientCreated() {
        return kmsClients != null && kmsClients.isCreated();
    }

    /**
     * The VOD client (transcoding jobs, VOD's data keys), built once per wiring like {@link #tablestore}; the decrypt
     * function may ask for it first while serving a request.
     */
    private synchronized AcsClients vodClients(Config config) {
        if (vodClients == null) {
            vodClients = acsClients(config, AcsClients.Product.VOD, ConfigVariable.VOD_REGION,
                    ConfigVariable.VOD_ENDPOINT, ConfigVariable.VOD_CONNECT_TIMEOUT_MS,
                    ConfigVariable.VOD_READ_TIMEOUT_MS);
        }
        return vodClients;
    }

    private AcsClients acsClients(Config config, AcsClients.Product product, ConfigVariable region,
            ConfigVariable endpoint, ConfigVariable connectTimeout, ConfigVariable readTimeout) {
        return new AcsClients(product, config.require(region), emptyToNull(config.get(endpoint)), credentials(),
                config.integer(connectTimeout), config.integer(readTimeout));
    }

    /**
     * The function built by {@code build} from the environment; when any {@code *_SECRET} variable is set, from the
     * environment with those secrets read from KMS Secrets Manager, re-read every SECRETS_REFRESH_SECONDS.
     */
    private FunctionGraph withSecrets(String function, Function<Map<String, String>, FunctionGraph> build) {
        if (!SecretEnvironment.usesSecrets(environment)) {
            return build.apply(environment);
        }
        try {
            Config config = Config.from(environment);
            SecretSource source = secrets != null ? secrets : new KmsSecretSource(kmsClients(config));
            SecretReloader reloader = new SecretReloader(function, environment, source, build,
                    SecretReloader.refreshInterval(config), clock);
            return FunctionGraph.reloading(reloader.initial(), refresh(credentials()), reloader);
        } catch (ConfigurationException e) {
            return FunctionGraph.failed(e);
        }
    }

    /** The role's credentials, one instance per wiring so every client signs with the same refreshed set. */
    private RoleCredentials credentials() {
        if (roleCredentials == null) {
            boolean id = !blank(environment.get(ACCESS_KEY_ID));
            boolean secret = !blank(environment.get(ACCESS_KEY_SECRET));
            if (id != secret) {
                throw new ConfigurationException(id ? ACCESS_KEY_SECRET : ACCESS_KEY_ID, "missing while "
                        + (id ? ACCESS_KEY_ID : ACCESS_KEY_SECRET) + " is set");
            }
            roleCredentials = new RoleCredentials(environment.get(ACCESS_KEY_ID), environment.get(ACCESS_KEY_SECRET),
                    environment.get(SECURITY_TOKEN));
        }
        return roleCredentials;
    }

    /** The webhook when ENTITLEMENT_WEBHOOK_URL is set, else allow-all. */
    private static Entitlements entitlements(Config config) {
        String url = config.get(ConfigVariable.ENTITLEMENT_WEBHOOK_URL);
        if (url == null || url.isEmpty()) {
            return new AllowAllEntitlements();
        }
        URI webhook = URI.create(config.httpUrl(ConfigVariable.ENTITLEMENT_WEBHOOK_URL));
        String host = webhook.getHost();
        if (!"https".equalsIgnoreCase(webhook.getScheme()) && !("localhost".equals(host)
                || host.startsWith("127.") || "[::1]".equals(host))) {
            throw new ConfigurationException(ConfigVariable.ENTITLEMENT_WEBHOOK_URL.name(),
                    "must be https (the secret and the answer must not travel in clear); http only for loopback");
        }
        try {
            return new WebhookEntitlements(webhook,
                    emptyToNull(config.get(ConfigVariable.ENTITLEMENT_WEBHOOK_SECRET)),
                    Duration.ofMillis(config.integer(ConfigVariable.ENTITLEMENT_TIMEOUT_MS)),
                    config.integer(ConfigVariable.ENTITLEMENT_RETRIES));
        } catch (IllegalArgumentException e) {
            // The adapter's messages never contain the secret.
            throw new ConfigurationException("ENTITLEMENT_WEBHOOK_*", e.getMessage());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.trim().isEmpty();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
