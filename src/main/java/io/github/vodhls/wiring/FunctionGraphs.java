package io.github.vodhls.wiring;

import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.calls.Alongside;
import io.github.vodhls.core.calls.CallHook;
import io.github.vodhls.core.calls.Dependency;
import io.github.vodhls.core.calls.HookedPorts;
import io.github.vodhls.core.auth.CallerAuthenticator;
import io.github.vodhls.core.entitlement.AllowAllEntitlements;
import io.github.vodhls.core.entitlement.CachingEntitlements;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.http.Cors;
import io.github.vodhls.core.http.RefusalCaching;
import io.github.vodhls.core.token.PlaySessions;
import io.github.vodhls.core.endpoint.DecryptEndpoint;
import io.github.vodhls.core.endpoint.PlaylistEndpoint;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import io.github.vodhls.core.playlist.PlaylistRewriter;
import io.github.vodhls.core.playlist.TokenTargets;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.TokenBindings;
import io.github.vodhls.core.endpoint.UploadCallbackEndpoint;
import io.github.vodhls.core.video.CallbackReplayGuard;
import io.github.vodhls.core.video.UploadCallbackService;
import io.github.vodhls.core.video.VodCallbackSignature;
import io.github.vodhls.core.endpoint.TokenEndpoint;
import io.github.vodhls.core.token.StreamLimits;
import io.github.vodhls.core.token.ViewerLimits;
import io.github.vodhls.core.keys.DataKeyCache;
import io.github.vodhls.core.keys.DecryptService;
import io.github.vodhls.core.token.SigningKeys;
import io.github.vodhls.core.token.TokenClaims;
import io.github.vodhls.core.token.TokenCodec;
import io.github.vodhls.core.token.TokenPolicy;
import io.github.vodhls.core.token.TokenService;
import io.github.vodhls.core.video.CachingVideoKeyRegistry;
import io.github.vodhls.core.video.PlayInfoService;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The one factory of the four functions' object graphs, from a function's configuration and the adapters behind its
 * ports: the only place core objects are made. Function Compute's {@link Wiring} calls it with the Alibaba Cloud
 * adapters, the local stack with its embedded ones; both get the same graphs.
 */
public final class FunctionGraphs {
    private final Config config;
    private final Clock clock;
    private final SecureRandom random;
    private final LoginVerifiers logins;
    private final boolean revocationReadAlongside;

    public FunctionGraphs(Config config, Clock clock, SecureRandom random) {
        this(config, clock, random, LoginVerifiers.FROM_CONFIG);
    }

    /** @param logins builds the viewer login verifier (or none) from the configuration */
    public FunctionGraphs(Config config, Clock clock, SecureRandom random, LoginVerifiers logins) {
        this(config, clock, random, logins, true);
    }

    private FunctionGraphs(Config config, Clock clock, SecureRandom random, LoginVerifiers logins,
            boolean revocationReadAlongside) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.logins = logins;
        this.revocationReadAlongside = revocationReadAlongside;
    }

    /**
     * The same graphs, but the key and playlist functions read the video's revocation before the request's own store
     * call, on the request's thread: for a store whose reads cost no round trip (the local stack without
     * LOCAL_STORE_LATENCY_MS, whose revocation reads come from memory), where a second thread costs more than it saves.
     */
    public FunctionGraphs withRevocationReadFirst() {
        return new FunctionGraphs(config, clock, random, logins, false);
    }

    /** The token function's graph; validates everything it needs now, naming any bad variable. */
    public FunctionGraph token(Backends backends) {
        TokenCodec codec = codec();
        TokenService tokens = tokenService(codec, backends, entitlements(backends));
        ApiKeyAuthenticator apiKeys = new ApiKeyAuthenticator(requireList(ConfigVariable.API_KEY_SHA256));
        VideoKeyService videoKeys = new VideoKeyService(backends.keys(), backends.videos(),
                config.httpUrl(ConfigVariable.DECRYPT_BASE_URL), clock);
        TokenEndpoint endpoint = new TokenEndpoint(new CallerAuthenticator(apiKeys, logins.create(config, clock)),
                tokens, videoKeys, cors(), config.get(ConfigVariable.PLAY_URL_TEMPLATE), bindings(),
                new ViewerLimits(config.integer(ConfigVariable.VIEWER_MAX_TTL_SECONDS),
                        config.integer(ConfigVariable.VIEWER_MAX_USES), streamLimits()), playInfo(backends));
        return new FunctionGraph(endpoint, backends.beforeInvocation(), () -> {
            warmUp(codec);
            backends.warmUp().run();
        });
    }

    /** The play URLs of the token function (PLAY_INFO*), or null without a source. */
    private PlayInfoService playInfo(Backends backends) {
        if (backends.playInfo() == null) {
            return null;
        }
        return new PlayInfoService(backends.playInfo(), config.integer(ConfigVariable.KEY_CACHE_MAX_ENTRIES),
                Duration.ofSeconds(config.integer(ConfigVariable.PLAY_INFO_CACHE_SECONDS)),
                config.bool(ConfigVariable.PLAY_INFO), clock, config.isSet(ConfigVariable.PLAY_INFO_PLAYLIST_BASE_URL)
                        ? config.httpUrl(ConfigVariable.PLAY_INFO_PLAYLIST_BASE_URL) : "");
    }

    /** The decrypt function's graph. */
    public FunctionGraph decrypt(Backends backends) {
        TokenCodec codec = codec(false);
        TokenService tokens = tokenService(codec, backends.tokens(), new AllowAllEntitlements(), alongside());
        int cacheEntries = config.integer(ConfigVariable.KEY_CACHE_MAX_ENTRIES);
        Duration cacheTtl = Duration.ofSeconds(config.integer(ConfigVariable.KEY_CACHE_TTL_SECONDS));
        VideoKeyRegistry videos = new CachingVideoKeyRegistry(backends.videos(),
                new BoundedTtlCache<String, VideoKey>(cacheEntries, cacheTtl, clock));
        DataKeyCache keys = new DataKeyCache(backends.keys(), new BoundedTtlCache<String, byte[]>(cacheEntries,
                cacheTtl, clock));
        DecryptEndpoint endpoint = new DecryptEndpoint(new DecryptService(tokens, videos, keys), cors(),
                config.integer(ConfigVariable.KEY_CACHE_CONTROL_MAX_AGE_SECONDS), bindings(), refusalCaching());
        return new FunctionGraph(endpoint, backends.beforeInvocation(), () -> {
            warmUp(codec);
            backends.warmUp().run();
        });
    }

    /**
     * The playlist function's graph: verifies tokens (signature, expiry, bindings, the store's video revocations)
     * and rewrites the origin's playlists.
     *
     * @param tokens the token store (revocations, standing, play sessions), as the adapter is: its calls are counted
     *     here
     */
    public FunctionGraph playlist(TokenStore tokens, PlaylistOrigin origin,
            java.util.function.Consumer<Invocation> beforeInvocation, Runnable warmUp) {
        TokenCodec codec = codec(false);
        TokenService service = tokenService(codec, Backends.counted(tokens), new AllowAllEntitlements(),
                alongside());
        String segments = config.get(ConfigVariable.SEGMENT_BASE_URL);
        PlaylistEndpoint endpoint = new PlaylistEndpoint(service,
                HookedPorts.origin(origin, CallHook.counting(Dependency.ORIGIN)), cors(), bindings(),
                config.get(ConfigVariable.PLAYLIST_PATH_PREFIX),
                segments.isEmpty() ? config.get(ConfigVariable.ORIGIN_BASE_URL) : segments, tokenTargets(),
                new PlaylistRewriter.Limits(config.integer(ConfigVariable.PLAYLIST_MAX_OUTPUT_BYTES),
                        config.integer(ConfigVariable.PLAYLIST_MAX_TOKEN_URIS)), refusalCaching());
        return new FunctionGraph(endpoint, beforeInvocation, () -> {
            warmUp(codec);
            warmUp.run();
        });
    }

    /**
     * Where the playlist function may put viewers' tokens: the DECRYPT_BASE_URL host (with its scheme: an http decrypt
     * URL allows http to that host) and TOKEN_URI_HOSTS.
     */
    private TokenTargets tokenTargets() {
        java.util.List<String> hosts = new java.util.ArrayList<>(config.list(ConfigVariable.TOKEN_URI_HOSTS));
        hosts.add(config.httpUrl(ConfigVariable.DECRYPT_BASE_URL));
        try {
            return TokenTargets.of(hosts);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ConfigVariable.TOKEN_URI_HOSTS.name(), e.getMessage());
        }
    }

    private RefusalCaching refusalCaching() {
        return new RefusalCaching(config.integer(ConfigVariable.REFUSAL_CACHE_CONTROL_MAX_AGE_SECONDS));
    }

    /** The playlist function's origin read limit, ORIGIN_MAX_PLAYLIST_BYTES. */
    public int maxPlaylistBytes() {
        return config.integer(ConfigVariable.ORIGIN_MAX_PLAYLIST_BYTES);
    }

    /**
     * The upload-callback function's graph: VOD's signed HTTP callbacks (when VOD_CALLBACK_URL and
     * VOD_CALLBACK_PRIVATE_KEY are set), each signed header pair bound to its first body, and MNS queue events,
     * handled by {@link UploadCallbackService} (which confirms each upload with the catalog when VOD_CONFIRM_UPLOADS
     * is on).
     */
    public FunctionGraph uploadCallback(Backends backends) {
        if (backends.transcoder() == null) {
            throw new IllegalStateException("the upload-callback function needs a transcoder");
        }
        boolean confirmUploads = config.bool(ConfigVariable.VOD_CONFIRM_UPLOADS);
        if (confirmUploads && backends.catalog() == null) {
            throw new IllegalStateException("the upload-callback function needs a video catalog to confirm uploads");
        }
        VodCallbackSignature signature = null;
        CallbackReplayGuard replays = null;
        if (config.isSet(ConfigVariable.VOD_CALLBACK_URL) || config.isSet(ConfigVariable.VOD_CALLBACK_PRIVATE_KEY)) {
            if (backends.callbackDeliveries() == null) {
                throw new IllegalStateException("signed HTTP callbacks need the store of callback deliveries");
            }
            String secondary = config.get(ConfigVariable.VOD_CALLBACK_PRIVATE_KEY_SECONDARY);
            Duration window = Duration.ofSeconds(config.integer(ConfigVariable.VOD_CALLBACK_MAX_AGE_SECONDS));
            signature = new VodCallbackSignature(config.require(ConfigVariable.VOD_CALLBACK_URL),
                    config.require(ConfigVariable.VOD_CALLBACK_PRIVATE_KEY),
                    secondary == null || secondary.isEmpty() ? null : secondary, window, clock);
            replays = new CallbackReplayGuard(backends.callbackDeliveries(), window, clock);
        }
        VideoKeyService videoKeys = new VideoKeyService(backends.keys(), backends.videos(),
                config.httpUrl(ConfigVariable.DECRYPT_BASE_URL), clock);
        UploadCallbackService service = new UploadCallbackService(videoKeys, backends.videos(),
                backends.transcoder(), confirmUploads ? backends.catalog() : null,
                Duration.ofSeconds(config.integer(ConfigVariable.TRANSCODE_CLAIM_LEASE_SECONDS)), clock,
                this::claimHolderId);
        UploadCallbackEndpoint endpoint = new UploadCallbackEndpoint(signature, replays, service,
                new ConfigurationException(ConfigVariable.VOD_CALLBACK_PRIVATE_KEY.name(), "HTTP callbacks need "
                        + "VOD_CALLBACK_URL and VOD_CALLBACK_PRIVATE_KEY (or VOD_CALLBACK_PRIVATE_KEY_SECRET)"));
        return new FunctionGraph(endpoint, endpoint, backends.beforeInvocation(),
                backends.warmUp());
    }

    /** A claim holder id: 128 random bits (base64url), so no two claims share one. */
    private String claimHolderId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token signer/verifier configured by TOKEN_* variables. */
    public TokenCodec codec() {
        return codec(true);
    }

    /** @param signs false for the decrypt function, which may hold verification keys only */
    public TokenCodec codec(boolean signs) {
        SigningKeys keys = SigningKeys.parse(
                SigningKeys.Algorithm.valueOf(config.require(ConfigVariable.TOKEN_ALGORITHM).toUpperCase(Locale.ROOT)),
                ConfigVariable.TOKEN_SIGNING_KEYS.name(), config.list(ConfigVariable.TOKEN_SIGNING_KEYS),
                ConfigVariable.TOKEN_VERIFICATION_KEYS.name(), config.list(ConfigVariable.TOKEN_VERIFICATION_KEYS),
                signs);
        return new TokenCodec(keys, config.require(ConfigVariable.TOKEN_ISSUER),
                Duration.ofSeconds(config.integer(ConfigVariable.TOKEN_CLOCK_SKEW_SECONDS)),
                config.integer(ConfigVariable.TOKEN_MAX_LENGTH),
                config.integer(ConfigVariable.TOKEN_VERIFIED_CACHE_ENTRIES), clock);
    }

    /** The viewers' stream limits: VIEWER_TOKENS_PER_MINUTE, VIEWER_MAX_ACTIVE_TOKENS, VIEWER_STREAM_LIMIT_POLICY. */
    private StreamLimits streamLimits() {
        return new StreamLimits(config.integer(ConfigVariable.VIEWER_TOKENS_PER_MINUTE),
                config.integer(ConfigVariable.VIEWER_MAX_ACTIVE_TOKENS),
                StreamLimits.Policy.of(config.choice(ConfigVariable.VIEWER_STREAM_LIMIT_POLICY)));
    }

    /** The bindings configured by BIND_CLIENT_IP, BIND_DEVICE_TYPE and CLIENT_IP_HEADER. */
    private TokenBindings bindings() {
        return new TokenBindings(config.bool(ConfigVariable.BIND_CLIENT_IP), config.bool(ConfigVariable.BIND_DEVICE_TYPE),
                config.get(ConfigVariable.CLIENT_IP_HEADER));
    }

    /** The backends' entitlement rule behind the per-instance answer cache. */
    private Entitlements entitlements(Backends backends) {
        int entries = config.integer(ConfigVariable.KEY_CACHE_MAX_ENTRIES);
        return new CachingEntitlements(backends.entitlements(),
                new BoundedTtlCache<String, Boolean>(entries, Duration.ofSeconds(
                        config.integer(ConfigVariable.ENTITLEMENT_CACHE_ALLOW_SECONDS)), clock),
                new BoundedTtlCache<String, Boolean>(entries, Duration.ofSeconds(
                        config.integer(ConfigVariable.ENTITLEMENT_CACHE_DENY_SECONDS)), clock));
    }

    private TokenService tokenService(TokenCodec codec, Backends backends, Entitlements entitlements) {
        return tokenService(codec, backends.tokens(), entitlements, Alongside.inline());
    }

    /**
     * Where the key and playlist functions read the video's revocation while the request's own store call (the use,
     * the session) is in flight, so both cost one round trip: one pool per instance ({@link SharedAlongside}), shared by
     * every graph built in it (a secret reload builds new graphs).
     */
    private Alongside alongside() {
        return revocationReadAlongside ? SharedAlongside.INSTANCE : Alongside.inline();
    }

    /**
     * At most {@value FunctionGraphs#ALONGSIDE_THREADS} threads, made on first use (none at cold start: the class
     * loads with the first graph, the first thread with the first request) and ended after a minute idle; when all are
     * busy, the read runs first on the request's thread.
     */
    private static final class SharedAlongside {
        static final Alongside INSTANCE = new Alongside(new java.util.concurrent.ThreadPoolExecutor(0,
                ALONGSIDE_THREADS, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "store-alongside");
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    static final int ALONGSIDE_THREADS = 32;

    private TokenService tokenService(TokenCodec codec, TokenStore store, Entitlements entitlements,
            Alongside alongside) {
        TokenPolicy policy = new TokenPolicy(
                Duration.ofSeconds(config.integer(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS)),
                Duration.ofSeconds(config.integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS)),
                config.integer(ConfigVariable.TOKEN_DEFAULT_MAX_USES),
                config.integer(ConfigVariable.TOKEN_MAX_MAX_USES),
                new PlaySessions(Duration.ofSeconds(config.integer(ConfigVariable.TOKEN_SESSION_IDLE_SECONDS)),
                        Duration.ofSeconds(config.integer(ConfigVariable.TOKEN_SESSION_MAX_SECONDS)),
                        Duration.ofSeconds(config.integer(ConfigVariable.TOKEN_CLOCK_SKEW_SECONDS))));
        return new TokenService(codec, store, policy, entitlements, clock, random, alongside);
    }

    private Cors cors() {
        return new Cors(config.list(ConfigVariable.CORS_ALLOWED_ORIGINS));
    }

    private java.util.List<String> requireList(ConfigVariable variable) {
        config.require(variable);
        return config.list(variable);
    }

    /**
     * Signs and verifies a throwaway token (or, with verification keys only, parses one) so jjwt, Gson and the
     * crypto providers are loaded before traffic.
     */
    private void warmUp(TokenCodec codec) {
        if (!codec.canSign()) {
            try {
                codec.verify("eyJhbGciOiJFUzI1NiIsImtpZCI6Indhcm0tdXAifQ.eyJzdWIiOiJ3YXJtLXVwIn0.AAAA");
            } catch (io.github.vodhls.core.error.TokenRejectedException expected) {
                // the point was loading the classes
            }
            return;
        }
        TokenClaims claims = new TokenClaims("warm-up", "warm-up", "warm-up", null, clock.instant(),
                clock.instant().plusSeconds(60), 1);
        codec.verify(codec.sign(claims));
    }
}
