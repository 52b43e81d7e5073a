package io.github.vodhls.core.config;

import io.github.vodhls.core.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed, validated view of the environment. Built once per function instance by wiring; every accessor fails with
 * a {@link ConfigurationException} that names the variable (and never echoes a secret value).
 */
public final class Config {

    private final Map<ConfigVariable, String> values;

    private Config(Map<ConfigVariable, String> values) {
        this.values = values;
    }

    /** Reads the known variables out of an environment map (unknown names are ignored). */
    public static Config from(Map<String, String> environment) {
        Map<ConfigVariable, String> values = new EnumMap<>(ConfigVariable.class);
        for (ConfigVariable variable : ConfigVariable.values()) {
            String value = environment.get(variable.name());
            if (value != null && !value.trim().isEmpty()) {
                values.put(variable, value.trim());
            }
        }
        String fcRegion = environment.get("FC_REGION");
        if (fcRegion != null && !fcRegion.trim().isEmpty()) {
            values.putIfAbsent(ConfigVariable.KMS_REGION, fcRegion.trim());
            values.putIfAbsent(ConfigVariable.VOD_REGION, fcRegion.trim());
        }
        Config config = new Config(values);
        config.validateFormats();
        return config;
    }

    private void validateFormats() {
        integer(ConfigVariable.TOKEN_CLOCK_SKEW_SECONDS, 0, 300);
        integer(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS, 1, 31_536_000);
        integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS, 1, 31_536_000);
        integer(ConfigVariable.TOKEN_DEFAULT_MAX_USES, 1, 1_000_000);
        integer(ConfigVariable.TOKEN_MAX_MAX_USES, 1, 1_000_000);
        integer(ConfigVariable.TOKEN_MAX_LENGTH, 256, 65_536);
        integer(ConfigVariable.KEY_CACHE_CONTROL_MAX_AGE_SECONDS, 0, 86_400);
        integer(ConfigVariable.KEY_CACHE_TTL_SECONDS, 0, 86_400 * 30);
        integer(ConfigVariable.KEY_CACHE_MAX_ENTRIES, 0, 10_000_000);
        integer(ConfigVariable.TABLESTORE_TIMEOUT_MS, 100, 60_000);
        integer(ConfigVariable.KMS_CONNECT_TIMEOUT_MS, 100, 60_000);
        integer(ConfigVariable.KMS_READ_TIMEOUT_MS, 100, 60_000);
        if (integer(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS, 1, Integer.MAX_VALUE)
                > integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS, 1, Integer.MAX_VALUE)) {
            throw new ConfigurationException(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS.name(),
                    "must not exceed TOKEN_MAX_TTL_SECONDS");
        }
        if (integer(ConfigVariable.TOKEN_DEFAULT_MAX_USES, 1, Integer.MAX_VALUE)
                > integer(ConfigVariable.TOKEN_MAX_MAX_USES, 1, Integer.MAX_VALUE)) {
            throw new ConfigurationException(ConfigVariable.TOKEN_DEFAULT_MAX_USES.name(),
                    "must not exceed TOKEN_MAX_MAX_USES");
        }
        integer(ConfigVariable.LOGIN_JWKS_CACHE_SECONDS, 0, 86_400);
        integer(ConfigVariable.LOGIN_JWKS_TIMEOUT_MS, 100, 60_000);
        integer(ConfigVariable.LOGIN_CLOCK_SKEW_SECONDS, 0, 300);
        integer(ConfigVariable.VIEWER_MAX_TTL_SECONDS, 1, 31_536_000);
        integer(ConfigVariable.VIEWER_MAX_USES, 1, 1_000_000);
        integer(ConfigVariable.ENTITLEMENT_TIMEOUT_MS, 100, 60_000);
        integer(ConfigVariable.ENTITLEMENT_RETRIES, 0, 3);
        integer(ConfigVariable.ENTITLEMENT_CACHE_ALLOW_SECONDS, 0, 86_400);
        integer(ConfigVariable.ENTITLEMENT_CACHE_DENY_SECONDS, 0, 86_400);
        integer(ConfigVariable.VOD_CALLBACK_MAX_AGE_SECONDS, 1, 86_400);
        integer(ConfigVariable.VOD_CONNECT_TIMEOUT_MS, 100, 60_000);
        integer(ConfigVariable.VOD_READ_TIMEOUT_MS, 100, 60_000);
        integer(ConfigVariable.TRANSCODE_CLAIM_LEASE_SECONDS, 5, 86_400);
        integer(ConfigVariable.SECRETS_REFRESH_SECONDS, 0, 86_400);
        if (isSet(ConfigVariable.VOD_CALLBACK_URL)) {
            String url = get(ConfigVariable.VOD_CALLBACK_URL);
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigurationException(ConfigVariable.VOD_CALLBACK_URL.name(),
                        "must be the http(s) URL configured in VOD's event notification");
            }
        }
        bool(ConfigVariable.BIND_CLIENT_IP);
        bool(ConfigVariable.BIND_DEVICE_TYPE);
        for (String algorithm : list(ConfigVariable.LOGIN_ALGORITHMS)) {
            if (!algorithm.matches("(HS|RS|PS|ES)(256|384|512)")) {
                throw new ConfigurationException(ConfigVariable.LOGIN_ALGORITHMS.name(),
                        "entries must be JWS algorithms such as RS256, ES256 or HS256, got '" + algorithm + "'");
            }
        }
        if (isSet(ConfigVariable.LOGIN_JWKS_URL)) {
            httpUrl(ConfigVariable.LOGIN_JWKS_URL);
        }
        if (isSet(ConfigVariable.ENTITLEMENT_WEBHOOK_URL)) {
            httpUrl(ConfigVariable.ENTITLEMENT_WEBHOOK_URL);
        }
        oneOf(ConfigVariable.TOKEN_ALGORITHM, "HS256", "ES256");
        oneOf(ConfigVariable.STORE, "tablestore", "memory");
        if (isSet(ConfigVariable.KMS_ENDPOINT)
                && !get(ConfigVariable.KMS_ENDPOINT).matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
            throw new ConfigurationException(ConfigVariable.KMS_ENDPOINT.name(),
                    "must be a host name (optionally host:port) such as kms-vpc.cn-shanghai.aliyuncs.com, not a URL");
        }
        if (isSet(ConfigVariable.DECRYPT_BASE_URL)) {
            httpUrl(ConfigVariable.DECRYPT_BASE_URL);
        }
        if (isSet(ConfigVariable.ORIGIN_BASE_URL)) {
            httpUrl(ConfigVariable.ORIGIN_BASE_URL);
        }
        if (isSet(ConfigVariable.SEGMENT_BASE_URL) && !get(ConfigVariable.SEGMENT_BASE_URL).isEmpty()) {
            httpUrl(ConfigVariable.SEGMENT_BASE_URL);
        }
        String prefix = get(ConfigVariable.PLAYLIST_PATH_PREFIX);
        if (!prefix.matches("/([A-Za-z0-9._~-]+/)*")) {
            throw new ConfigurationException(ConfigVariable.PLAYLIST_PATH_PREFIX.name(),
                    "must start and end with '/' and hold only path characters, e.g. /media/, got '" + prefix + "'");
        }
        if (isSet(ConfigVariable.TABLESTORE_INSTANCE)) {
            String instance = get(ConfigVariable.TABLESTORE_INSTANCE);
            if (!instance.matches("[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]")
                    || instance.toLowerCase(Locale.ROOT).matches(".*(ali|ay|ots|taobao|admin).*")) {
                throw new ConfigurationException(ConfigVariable.TABLESTORE_INSTANCE.name(), "must be a Tablestore "
                        + "instance name: 3-16 letters, digits and hyphens, starting with a letter, not ending with a "
                        + "hyphen, and without the words Tablestore refuses (ali, ay, ots, taobao, admin), got '"
                        + instance + "'");
            }
        }
        for (String hash : list(ConfigVariable.API_KEY_SHA256)) {
            if (!hash.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigurationException(ConfigVariable.API_KEY_SHA256.name(),
                        "every entry must be 64 hex digits (the SHA-256 of an API key, not the key itself)");
            }
        }
    }

    public boolean isSet(ConfigVariable variable) {
        return values.containsKey(variable);
    }

    /** The value, or its default; null when neither. */
    public String get(ConfigVariable variable) {
        String value = values.get(variable);
        return value != null ? value : variable.defaultValue();
    }

    /** The value or default; fails naming the variable when there is neither. */
    public String require(ConfigVariable variable) {
        String value = get(variable);
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(variable.name(), "is required but not set");
        }
        return value;
    }

    /** A whole number within bounds (inclusive). */
    public int integer(ConfigVariable variable, int min, int max) {
        String value = require(variable);
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(variable.name(), "must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException(variable.name(),
                    "must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** Comma-separated entries, trimmed, empty ones dropped; empty list when unset. */
    public List<String> list(ConfigVariable variable) {
        String value = get(variable);
        if (value == null || value.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.trim().isEmpty()) {
                entries.add(entry.trim());
            }
        }
        return Collections.unmodifiableList(entries);
    }

    /** {@code true} or {@code false} (any case). */
    public boolean bool(ConfigVariable variable) {
        String value = require(variable);
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigurationException(variable.name(), "must be true or false, got '" + value + "'");
    }

    private void oneOf(ConfigVariable variable, String... allowed) {
        String value = require(variable);
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return;
            }
        }
        throw new ConfigurationException(variable.name(),
                "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }

    /** The value, lower-cased, of a variable validated as one of a fixed set. */
    public String choice(ConfigVariable variable) {
        return require(variable).toLowerCase(Locale.ROOT);
    }

    /** An absolute http(s) URL without query or fragment. */
    public String httpUrl(ConfigVariable variable) {
        String value = require(variable);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigurationException(variable.name(),
                        "must be an absolute http(s) URL without query or fragment, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            throw new ConfigurationException(variable.name(), "is not a valid URL: '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Config[" + values.keySet() + "]";
    }
}
