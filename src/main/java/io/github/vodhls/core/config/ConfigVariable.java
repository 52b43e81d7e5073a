package io.github.vodhls.core.config;

/**
 * Every environment variable the package reads: the single source for the configuration reference in
 * {@code docs/configuration.md} (a test keeps the two in step).
 */
public enum ConfigVariable {
    TOKEN_SIGNING_KEYS(null, "Signing keys as comma-separated `kid=base64` entries; the first one signs new tokens, all "
            + "of them verify. HS256: secrets of at least 32 bytes. ES256: PKCS#8 EC P-256 private keys. Required by "
            + "token (or TOKEN_SIGNING_KEYS_SECRET). Decrypt and playlist only verify: with ES256 they refuse it (a "
            + "private key there could mint tokens); give them TOKEN_VERIFICATION_KEYS.", ValueKind.list(), "token!,decrypt,playlist"),
    TOKEN_SIGNING_KEYS_SECRET("", secretOf("TOKEN_SIGNING_KEYS"), "TOKEN_SIGNING_KEYS"),
    TOKEN_VERIFICATION_KEYS("", "Keys that verify tokens (`kid=base64`, comma-separated): HS256 secrets, ES256 "
            + "X.509 (SubjectPublicKeyInfo) public keys. Decrypt and playlist need every key in use (the signing key's "
            + "and retired ones'); the token function needs only the extra ones, except that with ES256 the signing "
            + "key's public key must be listed too. Entries repeating a signing secret are allowed, so one list can "
            + "serve every function.", ValueKind.list(), "token,decrypt,playlist"),
    TOKEN_VERIFICATION_KEYS_SECRET("", secretOf("TOKEN_VERIFICATION_KEYS"), "TOKEN_VERIFICATION_KEYS"),
    TOKEN_ALGORITHM("HS256", "JWS algorithm of MtsHlsUriToken: `HS256` or `ES256`. Tokens with any other `alg` "
            + "(including `none`) are refused.", ValueKind.choice("HS256", "ES256"), "token,decrypt,playlist"),
    TOKEN_ISSUER("vod-hls-encryption", "The `iss` claim written into and required from every token.", ValueKind.text(), "token,decrypt,playlist"),
    TOKEN_CLOCK_SKEW_SECONDS("30", "Leeway for `exp`/`nbf` checks between function instances' clocks (0..300).", ValueKind.integer(0, 300), "token,decrypt,playlist"),
    TOKEN_DEFAULT_TTL_SECONDS("3600", "Lifetime of a token when the request does not say.", ValueKind.integer(1, 31_536_000), "token"),
    TOKEN_MAX_TTL_SECONDS("86400", "Largest lifetime a request may ask for.", ValueKind.integer(1, 31_536_000), "token"),
    TOKEN_DEFAULT_MAX_USES("60", "Key fetches one token allows when the request does not say (see the use policy).", ValueKind.integer(1, 1_000_000), "token"),
    TOKEN_MAX_MAX_USES("1000", "Largest use limit a request may ask for.", ValueKind.integer(1, 1_000_000), "token"),
    TOKEN_SESSION_IDLE_SECONDS("900", "Play sessions: how long a token stays valid past its `exp` after its last key "
            + "fetch or playlist load (each one slides it); must exceed KEY_CACHE_CONTROL_MAX_AGE_SECONDS plus a "
            + "segment. 0 turns sessions off: tokens end at `exp`.", ValueKind.integer(0, 86_400), "token,decrypt,playlist"),
    TOKEN_SESSION_MAX_SECONDS("21600", "Play sessions: the hard cap, counted from the token's `iat`, past which no fetch "
            + "or refresh extends it (never shortens a token below its `exp`).", ValueKind.integer(60, 86_400), "token,decrypt,playlist"),
    TOKEN_MAX_LENGTH("4096", "Tokens longer than this many characters are refused before parsing.", ValueKind.integer(256, 65_536), "token,decrypt,playlist"),
    TOKEN_VERIFIED_CACHE_ENTRIES("10000", "How many verified tokens one instance remembers, so a player's repeated "
            + "key fetches and playlist loads with one token skip the signature check and JSON parsing (0: off). An "
            + "entry is found by the token's SHA-256 (the exact token that was verified), holds its claims, and is "
            + "used only inside the token's `nbf`..`exp` window with the skew; new keys (a rotated secret) start an "
            + "empty cache. About 1 KB each. Use limits, revocations and bindings are checked on every request as "
            + "before.", ValueKind.integer(0, 1_000_000), "token,decrypt,playlist"),
    API_KEY_SHA256(null, "Lowercase hex SHA-256 hashes of the API keys allowed to call the token function "
            + "(`Authorization: Bearer <key>`), comma-separated. Required by token.", ValueKind.list(), "token!"),
    API_KEY_SHA256_SECRET("", secretOf("API_KEY_SHA256"), "API_KEY_SHA256"),
    DECRYPT_BASE_URL(null, "Public URL of the decrypt function (the `DecryptKeyUri` without its query), e.g. "
            + "`https://key.example.com/decrypt`. Required by token.", ValueKind.url(), "token!,upload-callback!,playlist!"),
    PLAY_URL_TEMPLATE("", "Optional playback URL returned with each token; `{videoId}` is replaced, and "
            + "`?MtsHlsUriToken=<token>` appended, e.g. `https://media.example.com/media/{videoId}/index.m3u8`.", ValueKind.text(), "token"),
    PLAY_INFO("false", "Return with every token the video's HLS streams encrypted with HLS encryption as VOD lists "
            + "them (`GetPlayInfo`, `Formats=m3u8`): `playInfo`, one entry per definition with `definition`, `width`, "
            + "`height`, `bitrate` (Kbit/s) and `url` with `MtsHlsUriToken` appended. A request's `\"playInfo\": true` "
            + "or `false` overrides it. Needs `vod:GetPlayInfo`.", ValueKind.bool(), "token"),
    PLAY_INFO_CACHE_SECONDS("60", "How long a token function instance reuses a video's `GetPlayInfo` answer (0..3600; 0: "
            + "ask every time); a signed URL (`auth_key`) is reused only while it has that long left before its "
            + "timestamp.", ValueKind.integer(0, 3600), "token"),
    PLAY_INFO_PLAYLIST_BASE_URL("", "With play info, when the playlist function (not the CDN's parameter "
            + "pass-through) adds the token to key URIs: its public URL including PLAYLIST_PATH_PREFIX, e.g. "
            + "`https://vod.example.com/media`. Each VOD play URL `https://<output domain>/<path>/<videoId>/<file>.m3u8?...` "
            + "is then returned as `<this>/<videoId>/<file>.m3u8` (no CDN signature: the function reads the origin "
            + "itself). Empty: VOD's URLs as they are.", ValueKind.url(), "token"),
    LOGIN_HMAC_SECRETS("", "Viewer login tokens: HS256/384/512 secrets of the customer's app as `kid=base64` entries "
            + "(a token without `kid` is tried against each). Setting any LOGIN_*_KEYS/SECRETS/URL variable lets "
            + "viewers call `/token` with `Authorization: Bearer <login JWT>`.", ValueKind.list(), "token"),
    LOGIN_HMAC_SECRETS_SECRET("", secretOf("LOGIN_HMAC_SECRETS"), "LOGIN_HMAC_SECRETS"),
    LOGIN_PUBLIC_KEYS("", "Viewer login tokens: RSA or EC public keys as `kid=base64` entries of X.509 "
            + "SubjectPublicKeyInfo DER (a PEM body without its header lines).", ValueKind.list(), "token"),
    LOGIN_PUBLIC_KEYS_SECRET("", secretOf("LOGIN_PUBLIC_KEYS"), "LOGIN_PUBLIC_KEYS"),
    LOGIN_JWKS_URL("", "Viewer login tokens: https URL of the app's JWKS document; fetched on first use, cached, "
            + "refreshed after LOGIN_JWKS_CACHE_SECONDS or when an unknown `kid` arrives.", ValueKind.url(), "token"),
    LOGIN_JWKS_CACHE_SECONDS("300", "How long a fetched JWKS is used before it is fetched again.", ValueKind.integer(0, 86_400), "token"),
    LOGIN_JWKS_TIMEOUT_MS("2000", "Connect and read timeout for fetching the JWKS.", ValueKind.integer(100, 60_000), "token"),
    LOGIN_ALGORITHMS("RS256,ES256,HS256", "JWS algorithms accepted on login tokens, comma-separated.", ValueKind.list(), "token"),
    LOGIN_ISSUER("", "Required `iss` of login tokens (empty: not checked; set it in production).", ValueKind.text(), "token"),
    LOGIN_AUDIENCE("", "Required `aud` of login tokens; must be set with LOGIN_PUBLIC_KEYS or LOGIN_JWKS_URL (an "
            + "identity provider signs tokens for all its apps). Empty with HMAC secrets only: not checked.", ValueKind.text(), "token"),
    LOGIN_USER_CLAIM("sub", "The login token claim that holds the viewer's user id.", ValueKind.text(), "token"),
    LOGIN_CLOCK_SKEW_SECONDS("30", "Leeway for `exp`/`nbf` of login tokens (0..300).", ValueKind.integer(0, 300), "token"),
    LOGIN_MAX_AGE_SECONDS("0", "Viewer login tokens: refused when issued (`iat`) longer ago than this, so a leaked "
            + "long-lived login token stops working for this package first; needs `iat`. 0: not checked.",
            ValueKind.integer(0, 31_536_000), "token"),
    LOGIN_MAX_LIFETIME_SECONDS("0", "Viewer login tokens: refused when they live (`exp - iat`) longer than this (a "
            + "100-year `exp` is otherwise accepted); needs `iat`. 0: not checked.", ValueKind.integer(0, 315_360_000),
            "token"),
    VIEWER_MAX_TTL_SECONDS("3600", "Longest lifetime of a token a viewer obtains with a login token (requests "
            + "asking for more are capped to this).", ValueKind.integer(1, 31_536_000), "token"),
    VIEWER_MAX_USES("60", "Largest use limit of a token a viewer obtains with a login token (capped likewise).", ValueKind.integer(1, 1_000_000), "token"),
    VIEWER_TOKENS_PER_MINUTE("30", "Tokens one viewer may request with a login token in any 60 s (sliding window, "
            + "across all instances; requests the entitlement check refuses count too); beyond it 429 `RATE_LIMITED` "
            + "with `Retry-After`. Also the default of the backend's `viewerLimits.tokensPerMinute`.",
            ValueKind.integer(1, io.github.vodhls.core.token.StreamLimits.MAX_TOKENS_PER_MINUTE), "token"),
    VIEWER_MAX_ACTIVE_TOKENS("5", "Live (unexpired, unrevoked) tokens one viewer may hold at once across all videos, "
            + "like a plan's screens; a new token for the same `device` (without one: for the same video) replaces "
            + "(revokes) that slot's token instead of counting twice. Also the default of the backend's "
            + "`viewerLimits.maxActiveTokens`.",
            ValueKind.integer(1, io.github.vodhls.core.token.StreamLimits.MAX_ACTIVE_TOKENS), "token"),
    VIEWER_STREAM_LIMIT_POLICY("refuse", "A request beyond VIEWER_MAX_ACTIVE_TOKENS: `refuse` answers 429 "
            + "`TOO_MANY_STREAMS` with `Retry-After` (until the next token expires); `replace-oldest` revokes the "
            + "viewer's oldest live token and issues the new one. Also the default of the backend's "
            + "`viewerLimits.policy`.", ValueKind.choice("refuse", "replace-oldest"), "token"),
    ENTITLEMENT_WEBHOOK_URL("", "Entitlement check: the customer's https endpoint asked before any token is issued "
            + "(POST JSON `{userId, videoId}`; answer `{\"allowed\": true}` or `{\"allowed\": false}`). Empty: every user may watch "
            + "every video (allow-all).", ValueKind.url(), "token"),
    ENTITLEMENT_WEBHOOK_SECRET("", "Shared secret sent as `Authorization: Bearer <secret>` to the webhook.", ValueKind.text(), "token"),
    ENTITLEMENT_WEBHOOK_SECRET_SECRET("", secretOf("ENTITLEMENT_WEBHOOK_SECRET"),
            "ENTITLEMENT_WEBHOOK_SECRET"),
    ENTITLEMENT_TIMEOUT_MS("1000", "Timeout of one webhook attempt.", ValueKind.integer(100, 60_000), "token"),
    ENTITLEMENT_RETRIES("1", "Extra attempts after a failed or timed-out webhook call (0..3).", ValueKind.integer(0, 3), "token"),
    ENTITLEMENT_CACHE_ALLOW_SECONDS("60", "How long an instance remembers an `allowed: true` answer.", ValueKind.integer(0, 86_400), "token"),
    ENTITLEMENT_CACHE_DENY_SECONDS("10", "How long an instance remembers an `allowed: false` answer.", ValueKind.integer(0, 86_400), "token"),
    BIND_CLIENT_IP("false", "Bind tokens to the viewer's client IP; decrypt refuses other IPs. Off by default: "
            + "mobile networks and dual-stack clients change IPs mid-play.", ValueKind.bool(), "token,decrypt,playlist"),
    CLIENT_IP_HEADER("", "Header carrying the client IP when the functions sit behind a CDN or proxy that sets it "
            + "(e.g. `Ali-Cdn-Real-Ip`); its last comma-separated entry is used; empty: the FC event's `sourceIp`. Only name a "
            + "header the proxy overwrites, and only when the functions cannot be reached around the proxy.", ValueKind.text(), "token,decrypt,playlist"),
    BIND_DEVICE_TYPE("false", "Bind tokens to the device type (from the User-Agent: android, ios, windows, mac, "
            + "linux, other); decrypt refuses other device types.", ValueKind.bool(), "token,decrypt,playlist"),
    VOD_CALLBACK_URL(null, "The callback URL exactly as configured in VOD's event notification (it is part of the "
            + "signed string). Required by upload-callback for HTTP callbacks.", ValueKind.url(), "upload-callback"),
    VOD_CALLBACK_PRIVATE_KEY(null, "VOD's callback authentication private key. Required by upload-callback for HTTP "
            + "callbacks.", ValueKind.text(), "upload-callback"),
    VOD_CALLBACK_PRIVATE_KEY_SECRET("", secretOf("VOD_CALLBACK_PRIVATE_KEY"), "VOD_CALLBACK_PRIVATE_KEY"),
    VOD_CALLBACK_PRIVATE_KEY_SECONDARY("", "The other key while rotating callback keys; either one verifies.", ValueKind.text(), "upload-callback"),
    VOD_CALLBACK_PRIVATE_KEY_SECONDARY_SECRET("", secretOf("VOD_CALLBACK_PRIVATE_KEY_SECONDARY"),
            "VOD_CALLBACK_PRIVATE_KEY_SECONDARY"),
    SECRETS_REFRESH_SECONDS("300", "How often a function instance re-reads the KMS secrets named by `*_SECRET` "
            + "variables, so that a rotated value takes effect without a redeploy (0: read once, at start; 0..86400). A "
            + "failed re-read keeps the values read before.", ValueKind.integer(0, 86_400), "token,decrypt,playlist,upload-callback"),
    VOD_CALLBACK_ALLOW_HTTP("false", "Accept a cleartext `http://` VOD_CALLBACK_URL that is not a loopback address "
            + "(on it anyone on the path reads the signed headers and can replay them with another body). Off: "
            + "https only.", ValueKind.bool(), "upload-callback"),
    VOD_CALLBACK_MAX_AGE_SECONDS("300", "How far `X-VOD-TIMESTAMP` may be from now, either way (stale or replayed "
            + "callbacks are refused).", ValueKind.integer(1, 86_400), "upload-callback"),
    VOD_TEMPLATE_GROUP_ID(null, "Transcoding template group with HLS encryption for SubmitTranscodeJobs. Required by "
            + "upload-callback.", ValueKind.text(), "upload-callback!"),
    VOD_REGION("", "Region of ApsaraVideo VOD, e.g. `cn-shanghai`; defaults to FC's `FC_REGION`.", ValueKind.text(), "token,decrypt,upload-callback"),
    VOD_ENDPOINT("", "Optional VOD endpoint host override, e.g. `vod.cn-shanghai.aliyuncs.com`.", ValueKind.text(), "token,decrypt,upload-callback"),
    VOD_CONNECT_TIMEOUT_MS("1000", "VOD connect timeout.", ValueKind.integer(100, 60_000), "token,decrypt,upload-callback"),
    VOD_READ_TIMEOUT_MS("3000", "VOD read timeout (the whole callback must answer within VOD's 5 s).", ValueKind.integer(100, 60_000), "token,decrypt,upload-callback"),
    VOD_CONFIRM_UPLOADS("true", "Ask VOD (`GetMezzanineInfo`) whether each uploaded video exists and its source "
            + "upload completed before generating its key and submitting it: an unknown video or a failed upload is "
            + "`ignored`, an upload still in progress answers 503 so VOD retries. Needs `vod:GetMezzanineInfo` on the "
            + "role; turn off only to run without that permission.", ValueKind.bool(), "upload-callback"),
    TRANSCODE_CLAIM_LEASE_SECONDS("60", "How long one callback's claim to submit a video's transcoding holds before "
            + "another delivery may take it over (a crashed instance; the taker asks VOD for the job first). Keep it "
            + "longer than the function's timeout.", ValueKind.integer(5, 86_400), "upload-callback"),
    KEY_CACHE_CONTROL_MAX_AGE_SECONDS("300", "`Cache-Control: private, max-age=N` on key responses so a player's "
            + "re-requests are served by its own HTTP cache (0 sends `no-store`).", ValueKind.integer(0, 86_400), "decrypt"),
    REFUSAL_CACHE_CONTROL_MAX_AGE_SECONDS("60", "`Cache-Control: private, max-age=N` on refused key and playlist GETs "
            + "(400/403/404, not `TOKEN_NOT_YET_VALID`), so a player looping on a refusal is answered by its own "
            + "HTTP cache instead of invoking the function each time; 0 sends `no-store`.", ValueKind.integer(0, 3_600), "decrypt,playlist"),
    KEY_CACHE_TTL_SECONDS("3600", "How long a function instance keeps a plaintext data key in memory.", ValueKind.integer(0, 2_592_000), "decrypt"),
    KEY_CACHE_MAX_ENTRIES("10000", "How many plaintext data keys (and video registrations) one instance keeps.", ValueKind.integer(0, 10_000_000), "token,decrypt"),
    ORIGIN_BASE_URL(null, "Playlist function: http(s) base URL of the media origin (e.g. the OSS bucket or CDN "
            + "origin holding VOD's output); `/media/{videoId}/{path}.m3u8` is read from "
            + "`{ORIGIN_BASE_URL}/{videoId}/{path}.m3u8`. Required by playlist.", ValueKind.url(), "playlist!"),
    ORIGIN_TIMEOUT_MS("3000", "Playlist function: connect and read timeout for one origin request.", ValueKind.integer(100, 60_000), "playlist"),
    ORIGIN_MAX_PLAYLIST_BYTES("16777216", "Playlist function: larger origin playlists are refused (502) rather than "
            + "buffered.", ValueKind.integer(1024, 67_108_864), "playlist"),
    TOKEN_URI_HOSTS("", "Playlist function: hosts, besides the DECRYPT_BASE_URL host and the playlist's own, whose "
            + "absolute URIs get the viewer's token (`host[:port]`, comma-separated; `http://host[:port]` also allows "
            + "cleartext http for that host). Relative URIs always get it; every other URI (another host, http, other "
            + "schemes) is left as it was and counted in the request log line (`tokenUrisWithheld`).", ValueKind.list(),
            "playlist"),
    PLAYLIST_MAX_OUTPUT_BYTES("33554432", "Playlist function: the largest rewritten playlist answered; beyond it 502 "
            + "ORIGIN_RESPONSE_INVALID.", ValueKind.integer(1024, 268_435_456), "playlist"),
    PLAYLIST_MAX_TOKEN_URIS("100000", "Playlist function: the most URIs one rewrite gives the token; beyond it 502 "
            + "ORIGIN_RESPONSE_INVALID.", ValueKind.integer(1, 10_000_000), "playlist"),
    SEGMENT_BASE_URL("", "Playlist function: where requests for anything but a playlist under the playlist path (the "
            + "segments, `init.mp4`) are redirected (302), e.g. the CDN domain of the media; empty: ORIGIN_BASE_URL.", ValueKind.url(), "playlist"),
    PLAYLIST_PATH_PREFIX("/media/", "Playlist function: the path before `{videoId}/` in playlist URLs (starts and ends "
            + "with `/`).", ValueKind.text(), "playlist"),
    CORS_ALLOWED_ORIGINS("*", "Origins allowed to call decrypt, playlist and token from browsers, comma-separated, "
            + "or `*`. `none` disables CORS headers.", ValueKind.list(), "token,decrypt,playlist"),
    STORE("tablestore", "Where token and video state lives: `tablestore`, or `memory` for tests and benchmarks "
            + "only (state is per instance: on FC the token and decrypt functions never see each other's state).", ValueKind.choice("tablestore", "memory"), "token,decrypt,playlist,upload-callback"),
    TABLESTORE_ENDPOINT(null, "Tablestore endpoint, e.g. `https://myinstance.cn-shanghai.vpc.tablestore.aliyuncs.com`. "
            + "Required when STORE=tablestore.", ValueKind.url(), "token!,decrypt!,playlist!,upload-callback!"),
    TABLESTORE_INSTANCE(null, "Tablestore instance name. Required when STORE=tablestore.", ValueKind.text(), "token!,decrypt!,playlist!,upload-callback!"),
    TABLESTORE_TOKEN_TABLE("vod_hls_tokens", "Table of token use counters and revocations.", ValueKind.text(), "token,decrypt,playlist"),
    TABLESTORE_VIDEO_TABLE("vod_hls_videos", "Table of video to data-key registrations.", ValueKind.text(), "token,decrypt,upload-callback"),
    TABLESTORE_TIMEOUT_MS("3000", "Connect and socket timeout for Tablestore calls.", ValueKind.integer(100, 60_000), "token,decrypt,playlist,upload-callback"),
    KMS_REGION("", "Region of the KMS service key, e.g. `cn-shanghai`; defaults to FC's `FC_REGION`.", ValueKind.text(), "token,decrypt,playlist,upload-callback"),
    KEY_SERVICE("kms", "Which service makes new data keys: `kms` (KMS `GenerateDataKeyWithoutPlaintext` under "
            + "KMS_KEY_ID) or `vod` (VOD's `GenerateKMSDataKey` under VOD's own service key; no KMS key or permission). "
            + "Each video keeps the service that made its key, and decrypt opens it there, so a switch affects new "
            + "videos only (docs/deployment.md).", ValueKind.choice("kms", "vod"), "token,decrypt,upload-callback"),
    KMS_KEY_ID(null, "KMS service key (CMK) id or alias that wraps data keys. Required by token (for `/keys`) and "
            + "upload-callback when KEY_SERVICE is `kms`.", ValueKind.text(), "token!,upload-callback!"),
    KMS_ENDPOINT("", "Optional KMS endpoint override, e.g. a VPC endpoint `kms-vpc.cn-shanghai.aliyuncs.com`.", ValueKind.text(), "token,decrypt,playlist,upload-callback"),
    KMS_CONNECT_TIMEOUT_MS("1000", "KMS connect timeout.", ValueKind.integer(100, 60_000), "token,decrypt,playlist,upload-callback"),
    KMS_READ_TIMEOUT_MS("3000", "KMS read timeout.", ValueKind.integer(100, 60_000), "token,decrypt,playlist,upload-callback");

    private final String defaultValue;
    private final String description;
    private final ValueKind kind;
    private final String uses;
    private final String secretTarget;

    /**
     * @param kind the value's type and bounds, checked when a function starts
     * @param uses the functions that read the variable, comma-separated, {@code !} after those that require it
     *     (e.g. {@code "token!,upload-callback"})
     */
    ConfigVariable(String defaultValue, String description, ValueKind kind, String uses) {
        this.defaultValue = defaultValue;
        this.description = description;
        this.kind = kind;
        this.uses = uses;
        this.secretTarget = null;
    }

    /** A {@code *_SECRET} twin: text, read by the functions that read {@code secretTarget}, required by none. */
    ConfigVariable(String defaultValue, String description, String secretTarget) {
        this.defaultValue = defaultValue;
        this.description = description;
        this.kind = ValueKind.text();
        this.uses = null;
        this.secretTarget = secretTarget;
    }

    /** The value's type and bounds. */
    public ValueKind kind() {
        return kind;
    }

    /** Whether {@code function} reads this variable. */
    public boolean usedBy(FunctionName function) {
        return usage(function) != null;
    }

    /** Whether {@code function} cannot start without it (when it has no default). */
    public boolean requiredBy(FunctionName function) {
        return Boolean.TRUE.equals(usage(function));
    }

    /** null: not read by the function; false: read; true: required. */
    private Boolean usage(FunctionName function) {
        if (secretTarget != null) {
            return secretTarget().usedBy(function) ? Boolean.FALSE : null;
        }
        for (String use : uses.split(",")) {
            String label = use.trim();
            boolean required = label.endsWith("!");
            if (FunctionName.of(required ? label.substring(0, label.length() - 1) : label) == function) {
                return required;
            }
        }
        return null;
    }

    private static String secretOf(String target) {
        return "Name of a KMS Secrets Manager secret whose value is " + target + " (the same text), read with "
                + "`GetSecretValue` when the instance starts and again every SECRETS_REFRESH_SECONDS; the recommended "
                + "place for it in production. Set " + target + " or this, not both.";
    }

    /** For a {@code *_SECRET} variable, the variable whose value its secret holds; otherwise null. */
    public ConfigVariable secretTarget() {
        return secretTarget == null ? null : valueOf(secretTarget);
    }

    /** The {@code *_SECRET} variable that may supply this variable's value from KMS, or null. */
    public ConfigVariable secretVariable() {
        for (ConfigVariable candidate : values()) {
            if (candidate.secretTarget() == this) {
                return candidate;
            }
        }
        return null;
    }

    /** The default, or null when the variable has none (it is then required by the functions that use it). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
