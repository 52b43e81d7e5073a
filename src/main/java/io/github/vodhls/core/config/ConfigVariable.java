package io.github.vodhls.core.config;

/**
 * Every environment variable the package reads: the single source for the configuration reference in
 * {@code docs/configuration.md} (a test keeps the two in step).
 */
public enum ConfigVariable {
    TOKEN_SIGNING_KEYS(null, "Signing keys as comma-separated `kid=base64` entries; the first one signs new tokens, all "
            + "of them verify. HS256: secrets of at least 32 bytes. ES256: PKCS#8 EC P-256 private keys. Required by "
            + "token (or TOKEN_SIGNING_KEYS_SECRET). Decrypt and playlist only verify: with ES256 they refuse it (a "
            + "private key there could mint tokens); give them TOKEN_VERIFICATION_KEYS."),
    TOKEN_SIGNING_KEYS_SECRET("", secretOf("TOKEN_SIGNING_KEYS"), "TOKEN_SIGNING_KEYS"),
    TOKEN_VERIFICATION_KEYS("", "Keys that verify tokens (`kid=base64`, comma-separated): HS256 secrets, ES256 "
            + "X.509 (SubjectPublicKeyInfo) public keys. Decrypt and playlist need every key in use (the signing key's "
            + "and retired ones'); the token function needs only the extra ones, except that with ES256 the signing "
            + "key's public key must be listed too. Entries repeating a signing secret are allowed, so one list can "
            + "serve every function."),
    TOKEN_VERIFICATION_KEYS_SECRET("", secretOf("TOKEN_VERIFICATION_KEYS"), "TOKEN_VERIFICATION_KEYS"),
    TOKEN_ALGORITHM("HS256", "JWS algorithm of MtsHlsUriToken: `HS256` or `ES256`. Tokens with any other `alg` "
            + "(including `none`) are refused."),
    TOKEN_ISSUER("vod-hls-encryption", "The `iss` claim written into and required from every token."),
    TOKEN_CLOCK_SKEW_SECONDS("30", "Leeway for `exp`/`nbf` checks between function instances' clocks (0..300)."),
    TOKEN_DEFAULT_TTL_SECONDS("3600", "Lifetime of a token when the request does not say."),
    TOKEN_MAX_TTL_SECONDS("86400", "Largest lifetime a request may ask for."),
    TOKEN_DEFAULT_MAX_USES("20", "Key fetches one token allows when the request does not say (see the use policy)."),
    TOKEN_MAX_MAX_USES("1000", "Largest use limit a request may ask for."),
    TOKEN_MAX_LENGTH("4096", "Tokens longer than this many characters are refused before parsing."),
    API_KEY_SHA256(null, "Lowercase hex SHA-256 hashes of the API keys allowed to call the token function "
            + "(`Authorization: Bearer <key>`), comma-separated. Required by token."),
    API_KEY_SHA256_SECRET("", secretOf("API_KEY_SHA256"), "API_KEY_SHA256"),
    DECRYPT_BASE_URL(null, "Public URL of the decrypt function (the `DecryptKeyUri` without its query), e.g. "
            + "`https://key.example.com/decrypt`. Required by token."),
    PLAY_URL_TEMPLATE("", "Optional playback URL returned with each token; `{videoId}` is replaced, and "
            + "`?MtsHlsUriToken=<token>` appended, e.g. `https://media.example.com/media/{videoId}/index.m3u8`."),
    LOGIN_HMAC_SECRETS("", "Viewer login tokens: HS256/384/512 secrets of the customer's app as `kid=base64` entries "
            + "(a token without `kid` is tried against each). Setting any LOGIN_*_KEYS/SECRETS/URL variable lets "
            + "viewers call `/token` with `Authorization: Bearer <login JWT>`."),
    LOGIN_HMAC_SECRETS_SECRET("", secretOf("LOGIN_HMAC_SECRETS"), "LOGIN_HMAC_SECRETS"),
    LOGIN_PUBLIC_KEYS("", "Viewer login tokens: RSA or EC public keys as `kid=base64` entries of X.509 "
            + "SubjectPublicKeyInfo DER (a PEM body without its header lines)."),
    LOGIN_PUBLIC_KEYS_SECRET("", secretOf("LOGIN_PUBLIC_KEYS"), "LOGIN_PUBLIC_KEYS"),
    LOGIN_JWKS_URL("", "Viewer login tokens: https URL of the app's JWKS document; fetched on first use, cached, "
            + "refreshed after LOGIN_JWKS_CACHE_SECONDS or when an unknown `kid` arrives."),
    LOGIN_JWKS_CACHE_SECONDS("300", "How long a fetched JWKS is used before it is fetched again."),
    LOGIN_JWKS_TIMEOUT_MS("2000", "Connect and read timeout for fetching the JWKS."),
    LOGIN_ALGORITHMS("RS256,ES256,HS256", "JWS algorithms accepted on login tokens, comma-separated."),
    LOGIN_ISSUER("", "Required `iss` of login tokens (empty: not checked; set it in production)."),
    LOGIN_AUDIENCE("", "Required `aud` of login tokens; must be set with LOGIN_PUBLIC_KEYS or LOGIN_JWKS_URL (an "
            + "identity provider signs tokens for all its apps). Empty with HMAC secrets only: not checked."),
    LOGIN_USER_CLAIM("sub", "The login token claim that holds the viewer's user id."),
    LOGIN_CLOCK_SKEW_SECONDS("30", "Leeway for `exp`/`nbf` of login tokens (0..300)."),
    VIEWER_MAX_TTL_SECONDS("3600", "Longest lifetime of a token a viewer obtains with a login token (requests "
            + "asking for more are capped to this)."),
    VIEWER_MAX_USES("20", "Largest use limit of a token a viewer obtains with a login token (capped likewise)."),
    ENTITLEMENT_WEBHOOK_URL("", "Entitlement check: the customer's https endpoint asked before any token is issued "
            + "(POST JSON `{userId, videoId}`; answer `{\"allowed\": true}` or `{\"allowed\": false}`). Empty: every user may watch "
            + "every video (allow-all)."),
    ENTITLEMENT_WEBHOOK_SECRET("", "Shared secret sent as `Authorization: Bearer <secret>` to the webhook."),
    ENTITLEMENT_WEBHOOK_SECRET_SECRET("", secretOf("ENTITLEMENT_WEBHOOK_SECRET"),
            "ENTITLEMENT_WEBHOOK_SECRET"),
    ENTITLEMENT_TIMEOUT_MS("1000", "Timeout of one webhook attempt."),
    ENTITLEMENT_RETRIES("1", "Extra attempts after a failed or timed-out webhook call (0..3)."),
    ENTITLEMENT_CACHE_ALLOW_SECONDS("60", "How long an instance remembers an `allowed: true` answer."),
    ENTITLEMENT_CACHE_DENY_SECONDS("10", "How long an instance remembers an `allowed: false` answer."),
    BIND_CLIENT_IP("false", "Bind tokens to the viewer's client IP; decrypt refuses other IPs. Off by default: "
            + "mobile networks and dual-stack clients change IPs mid-play."),
    CLIENT_IP_HEADER("", "Header carrying the client IP when the functions sit behind a CDN or proxy that sets it "
            + "(e.g. `Ali-Cdn-Real-Ip`); its last comma-separated entry is used; empty: the FC event's `sourceIp`. Only name a "
            + "header the proxy overwrites, and only when the functions cannot be reached around the proxy."),
    BIND_DEVICE_TYPE("false", "Bind tokens to the device type (from the User-Agent: android, ios, windows, mac, "
            + "linux, other); decrypt refuses other device types."),
    VOD_CALLBACK_URL(null, "The callback URL exactly as configured in VOD's event notification (it is part of the "
            + "signed string). Required by upload-callback for HTTP callbacks."),
    VOD_CALLBACK_PRIVATE_KEY(null, "VOD's callback authentication private key. Required by upload-callback for HTTP "
            + "callbacks."),
    VOD_CALLBACK_PRIVATE_KEY_SECRET("", secretOf("VOD_CALLBACK_PRIVATE_KEY"), "VOD_CALLBACK_PRIVATE_KEY"),
    VOD_CALLBACK_PRIVATE_KEY_SECONDARY("", "The other key while rotating callback keys; either one verifies."),
    VOD_CALLBACK_PRIVATE_KEY_SECONDARY_SECRET("", secretOf("VOD_CALLBACK_PRIVATE_KEY_SECONDARY"),
            "VOD_CALLBACK_PRIVATE_KEY_SECONDARY"),
    SECRETS_REFRESH_SECONDS("300", "How often a function instance re-reads the KMS secrets named by `*_SECRET` "
            + "variables, so that a rotated value takes effect without a redeploy (0: read once, at start; 0..86400). A "
            + "failed re-read keeps the values read before."),
    VOD_CALLBACK_MAX_AGE_SECONDS("300", "How far `X-VOD-TIMESTAMP` may be from now, either way (stale or replayed "
            + "callbacks are refused)."),
    VOD_TEMPLATE_GROUP_ID(null, "Transcoding template group with HLS encryption for SubmitTranscodeJobs. Required by "
            + "upload-callback."),
    VOD_REGION("", "Region of ApsaraVideo VOD, e.g. `cn-shanghai`; defaults to FC's `FC_REGION`."),
    VOD_ENDPOINT("", "Optional VOD endpoint host override, e.g. `vod.cn-shanghai.aliyuncs.com`."),
    VOD_CONNECT_TIMEOUT_MS("1000", "VOD connect timeout."),
    VOD_READ_TIMEOUT_MS("3000", "VOD read timeout (the whole callback must answer within VOD's 5 s)."),
    TRANSCODE_CLAIM_LEASE_SECONDS("60", "How long one callback's claim to submit a video's transcoding holds before "
            + "another delivery may take it over (a crashed instance)."),
    KEY_CACHE_CONTROL_MAX_AGE_SECONDS("300", "`Cache-Control: private, max-age=N` on key responses so a player's "
            + "re-requests are served by its own HTTP cache (0 sends `no-store`)."),
    KEY_CACHE_TTL_SECONDS("3600", "How long a function instance keeps a plaintext data key in memory."),
    KEY_CACHE_MAX_ENTRIES("10000", "How many plaintext data keys (and video registrations) one instance keeps."),
    ORIGIN_BASE_URL(null, "Playlist function: http(s) base URL of the media origin (e.g. the OSS bucket or CDN "
            + "origin holding VOD's output); `/media/{videoId}/{path}.m3u8` is read from "
            + "`{ORIGIN_BASE_URL}/{videoId}/{path}.m3u8`. Required by playlist."),
    ORIGIN_TIMEOUT_MS("3000", "Playlist function: connect and read timeout for one origin request."),
    ORIGIN_MAX_PLAYLIST_BYTES("16777216", "Playlist function: larger origin playlists are refused (502) rather than "
            + "buffered."),
    SEGMENT_BASE_URL("", "Playlist function: where requests for anything but a playlist under the playlist path (the "
            + "segments, `init.mp4`) are redirected (302), e.g. the CDN domain of the media; empty: ORIGIN_BASE_URL."),
    PLAYLIST_PATH_PREFIX("/media/", "Playlist function: the path before `{videoId}/` in playlist URLs (starts and ends "
            + "with `/`)."),
    CORS_ALLOWED_ORIGINS("*", "Origins allowed to call decrypt, playlist and token from browsers, comma-separated, "
            + "or `*`. `none` disables CORS headers."),
    STORE("tablestore", "Where token and video state lives: `tablestore`, or `memory` for tests and benchmarks "
            + "only (state is per instance: on FC the token and decrypt functions never see each other's state)."),
    TABLESTORE_ENDPOINT(null, "Tablestore endpoint, e.g. `https://myinstance.cn-shanghai.vpc.tablestore.aliyuncs.com`. "
            + "Required when STORE=tablestore."),
    TABLESTORE_INSTANCE(null, "Tablestore instance name. Required when STORE=tablestore."),
    TABLESTORE_TOKEN_TABLE("vod_hls_tokens", "Table of token use counters and revocations."),
    TABLESTORE_VIDEO_TABLE("vod_hls_videos", "Table of video to data-key registrations."),
    TABLESTORE_TIMEOUT_MS("3000", "Connect and socket timeout for Tablestore calls."),
    KMS_REGION("", "Region of the KMS service key, e.g. `cn-shanghai`; defaults to FC's `FC_REGION`."),
    KMS_KEY_ID(null, "KMS service key (CMK) id or alias that wraps data keys. Required by token (for `/keys`)."),
    KMS_ENDPOINT("", "Optional KMS endpoint override, e.g. a VPC endpoint `kms-vpc.cn-shanghai.aliyuncs.com`."),
    KMS_CONNECT_TIMEOUT_MS("1000", "KMS connect timeout."),
    KMS_READ_TIMEOUT_MS("3000", "KMS read timeout.");

    private final String defaultValue;
    private final String description;
    private final String secretTarget;

    ConfigVariable(String defaultValue, String description) {
        this(defaultValue, description, null);
    }

    /** @param secretTarget the variable whose value the named secret holds, for the {@code *_SECRET} variables */
    ConfigVariable(String defaultValue, String description, String secretTarget) {
        this.defaultValue = defaultValue;
        this.description = description;
        this.secretTarget = secretTarget;
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
