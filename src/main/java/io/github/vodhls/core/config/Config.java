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

    /**
     * Reads the environment for one function: every set variable checked against its kind and bounds, the
     * variables {@code function} requires present (unless STORE=memory spares the Tablestore ones, or KEY_SERVICE=vod
     * KMS_KEY_ID), all problems reported at once.
     */
    public static Config forFunction(Map<String, String> environment, FunctionName function) {
        List<ConfigurationException> problems = new ArrayList<>();
        Config config = from(environment);
        boolean memory = "memory".equalsIgnoreCase(config.get(ConfigVariable.STORE));
        boolean vodKeys = "vod".equalsIgnoreCase(config.get(ConfigVariable.KEY_SERVICE));
        for (ConfigVariable variable : ConfigVariable.values()) {
            if (variable.requiredBy(function) && variable.defaultValue() == null && !config.isSet(variable)
                    && !(memory && variable.name().startsWith("TABLESTORE_"))
                    && !(vodKeys && variable == ConfigVariable.KMS_KEY_ID)) {
                problems.add(new ConfigurationException(variable.name(), "is required by the " + function.label()
                        + " function but not set" + (variable.secretVariable() != null ? " (nor "
                        + variable.secretVariable().name() + ")" : "")));
            }
        }
        throwIfAny(problems);
        return config;
    }

    /** The variables set in this configuration that {@code function} does not read (worth a warning, no more). */
    public List<String> unusedBy(FunctionName function) {
        List<String> unused = new ArrayList<>();
        for (ConfigVariable variable : values.keySet()) {
            if (!variable.usedBy(function) && !(variable == ConfigVariable.KMS_REGION
                    || variable == ConfigVariable.VOD_REGION)) {
                unused.add(variable.name());
            }
        }
        return unused;
    }

    private static void throwIfAny(List<ConfigurationException> problems) {
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** Checks every set variable against its kind, then the rules between variables; all problems at once. */
    private void validateFormats() {
        List<ConfigurationException> problems = new ArrayList<>();
        for (ConfigVariable variable : ConfigVariable.values()) {
            if (!values.containsKey(variable) && variable.defaultValue() == null) {
                continue;
            }
            try {
                switch (variable.kind().type()) {
                    case INTEGER:
                        integer(variable);
                        break;
                    case BOOLEAN:
                        bool(variable);
                        break;
                    case CHOICE:
                        oneOf(variable, variable.kind().choices().toArray(new String[0]));
                        break;
                    case URL:
                        if (isSet(variable)) {
                            httpUrl(variable);
                        }
                        break;
                    default:
                        break;
                }
            } catch (ConfigurationException e) {
                problems.add(e);
            }
        }
        for (Runnable rule : rules()) {
            try {
                rule.run();
            } catch (ConfigurationException e) {
                if (problems.stream().noneMatch(p -> p.variable().equals(e.variable()))) {
                    problems.add(e);
                }
            }
        }
        throwIfAny(problems);
    }

    /** The checks that are more than a kind and bounds. */
    private List<Runnable> rules() {
        List<Runnable> rules = new ArrayList<>();
        rules.add(() -> {
            if (integer(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS) > integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS)) {
                throw new ConfigurationException(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS.name(),
                        "must not exceed TOKEN_MAX_TTL_SECONDS");
            }
        });
        rules.add(() -> {
            if (integer(ConfigVariable.TOKEN_DEFAULT_MAX_USES) > integer(ConfigVariable.TOKEN_MAX_MAX_USES)) {
                throw new ConfigurationException(ConfigVariable.TOKEN_DEFAULT_MAX_USES.name(),
                        "must not exceed TOKEN_MAX_MAX_USES");
            }
        });
        rules.add(() -> {
            if (isSet(ConfigVariable.VOD_CALLBACK_URL)) {
                String url = get(ConfigVariable.VOD_CALLBACK_URL);
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new ConfigurationException(ConfigVariable.VOD_CALLBACK_URL.name(),
                            "must be the http(s) URL configured in VOD's event notification");
                }
                String host = url.startsWith("http://") ? URI.create(url).getHost() : null;
                boolean loopback = host != null && (host.equals("localhost") || host.startsWith("127.")
                        || host.equals("[::1]"));
                if (url.startsWith("http://") && !loopback && !bool(ConfigVariable.VOD_CALLBACK_ALLOW_HTTP)) {
                    throw new ConfigurationException(ConfigVariable.VOD_CALLBACK_URL.name(), "must be https: on http "
                            + "anyone on the path reads the signed headers and can replay them (set "
                            + "VOD_CALLBACK_ALLOW_HTTP=true to accept it anyway)");
                }
            }
        });
        rules.add(() -> {
            for (String algorithm : list(ConfigVariable.LOGIN_ALGORITHMS)) {
                if (!algorithm.matches("(HS|RS|PS|ES)(256|384|512)")) {
                    throw new ConfigurationException(ConfigVariable.LOGIN_ALGORITHMS.name(),
                            "entries must be JWS algorithms such as RS256, ES256 or HS256, got '" + algorithm + "'");
                }
            }
        });
        for (ConfigVariable endpoint : new ConfigVariable[] {ConfigVariable.KMS_ENDPOINT, ConfigVariable.VOD_ENDPOINT}) {
            rules.add(() -> {
                if (isSet(endpoint) && !get(endpoint).matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                    throw new ConfigurationException(endpoint.name(), "must be a host name (optionally host:port) "
                            + "such as " + (endpoint == ConfigVariable.KMS_ENDPOINT ? "kms" : "vod")
                            + "-vpc.cn-shanghai.aliyuncs.com, not a URL");
                }
            });
        }
        rules.add(() -> {
            String prefix = get(ConfigVariable.PLAYLIST_PATH_PREFIX);
            if (!prefix.matches("/([A-Za-z0-9._~-]+/)*")) {
                throw new ConfigurationException(ConfigVariable.PLAYLIST_PATH_PREFIX.name(),
                        "must start and end with '/' and hold only path characters, e.g. /media/, got '" + prefix + "'");
            }
        });
        rules.add(() -> {
            if (isSet(ConfigVariable.TABLESTORE_INSTANCE)) {
                String instance = get(ConfigVariable.TABLESTORE_INSTANCE);
                if (!instance.matches("[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]")
                        || instance.toLowerCase(Locale.ROOT).matches(".*(ali|ay|ots|taobao|admin).*")) {
                    throw new ConfigurationException(ConfigVariable.TABLESTORE_INSTANCE.name(), "must be a "
                            + "Tablestore instance name: 3-16 letters, digits and hyphens, starting with a letter, not "
                            + "ending with a hyphen, and without the words Tablestore refuses (ali, ay, ots, taobao, "
                            + "admin), got '" + instance + "'");
                }
            }
        });
        rules.add(() -> {
            for (String hash : list(ConfigVariable.API_KEY_SHA256)) {
                if (!hash.matches("[0-9a-fA-F]{64}")) {
                    throw new ConfigurationException(ConfigVariable.API_KEY_SHA256.name(),
                            "every entry must be 64 hex digits (the SHA-256 of an API key, not the key itself)");
                }
            }
        });
        return rules;
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

    /** A whole number within the variable's bounds ({@link ConfigVariable#kind()}). */
    public int integer(ConfigVariable variable) {
        ValueKind kind = variable.kind();
        if (kind.type() != ValueKind.Type.INTEGER) {
            throw new IllegalStateException(variable + " is not an integer variable");
        }
        long min = kind.min();
        long max = kind.max();
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
