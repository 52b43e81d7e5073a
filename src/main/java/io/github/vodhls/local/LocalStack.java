package io.github.vodhls.local;

import io.github.vodhls.adapters.local.vod.LocalVod;
import io.github.vodhls.adapters.local.vod.UnavailableTranscoder;
import io.github.vodhls.adapters.local.H2CallbackDeliveries;
import io.github.vodhls.adapters.local.H2Database;
import io.github.vodhls.adapters.local.H2TokenStore;
import io.github.vodhls.adapters.local.H2VideoKeyRegistry;
import io.github.vodhls.adapters.local.vod.DemoVideo;
import io.github.vodhls.adapters.local.DirectoryPlaylistOrigin;
import io.github.vodhls.adapters.local.vod.Ffmpeg;
import io.github.vodhls.adapters.local.vod.FfmpegTranscoder;
import io.github.vodhls.adapters.local.LocalEntitlements;
import io.github.vodhls.adapters.local.vod.LocalPlayInfo;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.adapters.local.LocalKms;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.calls.CallHook;
import io.github.vodhls.core.calls.HookedKeyManagement;
import io.github.vodhls.core.calls.HookedPorts;
import io.github.vodhls.core.calls.HookedTokenStore;
import io.github.vodhls.core.calls.HookedVideoKeyRegistry;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.functions.PlaylistHandler;
import io.github.vodhls.functions.TokenHandler;
import io.github.vodhls.functions.UploadCallbackHandler;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local stack: the same FC handler classes as in the cloud, behind a loopback HTTP server that speaks FC 3.0
 * events to them, with a local KMS and an embedded H2 store in the data directory.
 */
public final class LocalStack implements AutoCloseable {
    private final LocalHttpServer server;
    private final H2Database database;
    private final String baseUrl;
    private final String apiKey;
    private final Path dataDir;
    private final LocalEntitlements entitlements;

    private final LocalVod vod;
    private final LocalVideos videos;
    private final ExecutorService background;
    private final Path ffmpeg;
    private final String ffmpegProblem;

    private LocalStack(LocalHttpServer server, H2Database database, String baseUrl,
            String apiKey, Path dataDir, LocalEntitlements entitlements, LocalVod vod, LocalVideos videos,
            ExecutorService background, Path ffmpeg, String ffmpegProblem) {
        this.entitlements = entitlements;
        this.vod = vod;
        this.videos = videos;
        this.background = background;
        this.ffmpeg = ffmpeg;
        this.ffmpegProblem = ffmpegProblem;
        this.server = server;
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
        return start(port, dataDir, apiKeyOverride, extraEnvironment, LocalHttpSettings.defaults(), log);
    }

    /**
     * Starts the stack on 127.0.0.1 with the given HTTP server settings (threads, timeouts, size limits).
     *
     * @see #start(int, Path, String, Map, PrintStream)
     */
    public static LocalStack start(int port, Path dataDir, String apiKeyOverride, Map<String, String> extraEnvironment,
            LocalHttpSettings httpSettings, PrintStream log) throws IOException {
        Files.createDirectories(dataDir);
        // The data directory holds the KMS master key, the signing secret and the API key: owner-only, whatever the
        // umask made of it (files inside need no mode of their own then)
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        SecureRandom random = new SecureRandom();
        String apiKey = apiKeyOverride != null && !apiKeyOverride.isEmpty() ? apiKeyOverride
                : LocalSecrets.apiKey(dataDir, random);
        String signingSecret = LocalSecrets.signingSecret(dataDir, random);
        String loginSecret = LocalSecrets.loginSecret(dataDir, random);
        String callbackKey = LocalSecrets.callbackKey(dataDir, random);

        Path ffmpeg = null;
        String ffmpegProblem = null;
        try {
            ffmpeg = Ffmpeg.locate(System.getenv("PATH"));
        } catch (IllegalStateException e) {
            ffmpegProblem = "ffmpeg cannot run on this machine (" + e.getMessage() + "); on Debian/Ubuntu "
                    + "`apt-get install libpulse0` lets the bundled one run, or install ffmpeg";
        }
        // The port is bound first (the functions' configuration names the URL); the routes are filled in below and
        // are consulted only per request.
        LocalHttpServer.Routes routes = new LocalHttpServer.Routes();
        LocalHttpServer server = LocalHttpServer.start(port, routes, httpSettings, Clock.systemUTC(), log);
        String baseUrl = "http://127.0.0.1:" + server.address().getPort();

        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS", "local-1=" + signingSecret);
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey));
        env.put("DECRYPT_BASE_URL", baseUrl + "/decrypt");
        env.put("PLAY_URL_TEMPLATE", baseUrl + "/media/{videoId}/" + FfmpegTranscoder.PLAYLIST);
        env.put("CORS_ALLOWED_ORIGINS", "*");
        env.put("LOGIN_HMAC_SECRETS", LocalLogin.KID + "=" + loginSecret);
        env.put("LOGIN_ISSUER", LocalLogin.ISSUER);
        env.put("LOGIN_AUDIENCE", LocalLogin.AUDIENCE);
        env.put("VOD_CALLBACK_URL", baseUrl + "/callback");
        env.put("VOD_CALLBACK_PRIVATE_KEY", callbackKey);
        // The local rule is in memory: no point caching its answers, and a changed rule shows at once.
        env.put("ENTITLEMENT_CACHE_ALLOW_SECONDS", "0");
        env.put("ENTITLEMENT_CACHE_DENY_SECONDS", "0");
        env.putAll(extraEnvironment);
        Config config = Config.from(env);

        H2Database database = H2Database.open(dataDir);
        LocalEntitlements entitlements = new LocalEntitlements();
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "local-vod");
            t.setDaemon(true);
            return t;
        });
        LocalVideos videos = new LocalVideos(dataDir);
        LocalVod vod = new LocalVod(dataDir, videos, baseUrl + "/callback", callbackKey,
                java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), background,
                Clock.systemUTC(), random, Duration.ofMillis(500));
        try {
            LocalKms kms = LocalKms.open(dataDir);
            CallHook storeTrip = roundTrip(httpSettings.storeLatencyMillis());
            TokenStore tokens = new HookedTokenStore(new H2TokenStore(database), storeTrip);
            Backends backends = new Backends(new HookedKeyManagement(kms,
                    roundTrip(httpSettings.kmsLatencyMillis())), tokens,
                    new HookedVideoKeyRegistry(new H2VideoKeyRegistry(database), storeTrip), entitlements,
                    context -> { }, () -> { });
            FunctionGraphs graphs = new FunctionGraphs(config, Clock.systemUTC(), random);
            // Without an emulated round trip the store's revocation read is a memory lookup: no second thread for it
            FunctionGraphs endpoints = httpSettings.storeLatencyMillis() > 0 ? graphs
                    : graphs.withRevocationReadFirst();
            TokenHandler token = new TokenHandler(endpoints.token(backends.withPlayInfo(
                    new LocalPlayInfo(videos, baseUrl + "/media"))));
            DecryptHandler decrypt = new DecryptHandler(endpoints.decrypt(backends));
            Transcoder transcoder = ffmpeg == null ? new UnavailableTranscoder(ffmpegProblem)
                    : new FfmpegTranscoder(kms, dataDir.resolve("media"), background, videos, vod::sourceOf, ffmpeg);
            UploadCallbackHandler callback = new UploadCallbackHandler(endpoints.uploadCallback(
                    backends.withUploadCallback(transcoder, vod,
                            HookedPorts.callbackDeliveries(new H2CallbackDeliveries(database), storeTrip))));
            PlaylistHandler playlist = new PlaylistHandler(endpoints.playlist(tokens,
                    new DirectoryPlaylistOrigin(dataDir.resolve("media"), endpoints.maxPlaylistBytes()),
                    context -> { }, () -> { }));
            token.warmUp(null);
            decrypt.warmUp(null);
            playlist.warmUp(null);

            FcHttpBridge tokenBridge = new FcHttpBridge("token", token, log);
            routes.route("/token", tokenBridge);
            routes.route("/keys", tokenBridge);
            routes.route("/revoke", tokenBridge);
            routes.route("/refresh", tokenBridge);
            routes.route("/decrypt", new FcHttpBridge("decrypt", decrypt, log));
            LocalAccountRoutes accounts = new LocalAccountRoutes(
                    new LocalLogin(Base64.getDecoder().decode(loginSecret), Clock.systemUTC()), entitlements,
                    new ApiKeyAuthenticator(java.util.List.of(ApiKeyAuthenticator.sha256Hex(apiKey))), log);
            routes.route("/login", accounts);
            routes.route("/callback", new FcHttpBridge("upload-callback", callback, log));
            LocalMedia media = new LocalMedia(vod, videos, dataDir.resolve("media"), ffmpegProblem, log);
            routes.route("/upload", media.upload());
            routes.route("/videos", media.videos());
            // Playlists go through the playlist function (token check and rewrite); segments come from the origin.
            routes.route("/media/", media.routes(new FcHttpBridge("playlist", playlist, log)));
            routes.route("/entitlements", accounts);
            routes.route("/", new LandingPage(baseUrl, log));
        } catch (RuntimeException e) {
            server.close();
            database.close();
            background.shutdownNow();
            throw e;
        }
        return new LocalStack(server, database, baseUrl, apiKey, dataDir, entitlements, vod, videos,
                background, ffmpeg, ffmpegProblem);
    }

    /**
     * What a call to a cloud service costs in latency, for the stand-in of one: a sleep of {@code millis} before each
     * call (LOCAL_STORE_LATENCY_MS, LOCAL_KMS_LATENCY_MS); nothing for 0.
     */
    private static CallHook roundTrip(long millis) {
        if (millis <= 0) {
            return () -> { };
        }
        return () -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
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

    /** The local VOD emulation's videos and their states. */
    public LocalVideos videos() {
        return videos;
    }

    /** Why ffmpeg cannot run here, or null when it can (uploads then fail with this reason). */
    public String ffmpegProblem() {
        return ffmpegProblem;
    }

    /**
     * Uploads the demo video (generated from ffmpeg's test sources, H.264/AAC) unless a video titled
     * {@code demo.mp4} exists already; returns its id, or null when ffmpeg is unavailable.
     */
    public String uploadDemo(int seconds) throws IOException {
        for (java.util.Map.Entry<String, LocalVideos.Video> e : videos.all().entrySet()) {
            if (DEMO_TITLE.equals(e.getValue().title()) && e.getValue().status() != LocalVideos.Status.Failed) {
                return e.getKey();
            }
        }
        if (ffmpeg == null) {
            return null;
        }
        Path source = dataDir.resolve("demo-source.mp4");
        DemoVideo.generate(ffmpeg, source, seconds);
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(source)) {
            return vod.upload(in, DEMO_TITLE);
        }
    }

    static final String DEMO_TITLE = "demo.mp4";

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops the server and closes the database; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        background.shutdownNow();
        server.close();
        database.close();
    }
}
