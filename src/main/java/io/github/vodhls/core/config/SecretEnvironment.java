package io.github.vodhls.core.config;

import io.github.vodhls.core.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An environment with its {@code *_SECRET} variables resolved: for each one that is set, the value of the named KMS
 * secret becomes the value of the variable it stands for ({@code TOKEN_SIGNING_KEYS_SECRET=name} gives
 * {@code TOKEN_SIGNING_KEYS=<the secret's value>}), so everything downstream reads one kind of configuration.
 *
 * <p>Setting a variable and its {@code *_SECRET} twin is refused (which one would win is a guess), and so is an empty
 * or oversized secret. A secret's value is trimmed (a trailing newline from {@code echo} or an editor is not part of a
 * key) and never appears in a message; {@link #fingerprint()} lets a caller tell whether any value changed without
 * keeping a second copy of the values.
 */
public final class SecretEnvironment {

    /** Longest secret value accepted; KMS Secrets Manager itself stores at most 30 KB per value. */
    public static final int MAX_SECRET_CHARS = 65_536;

    /**
     * Secret names as KMS Secrets Manager allows them (letters, digits and {@code _/+=.@-}, 1-192 characters), less
     * {@code =}: every key list is {@code kid=base64}, so a name with {@code =} is far more likely a value pasted into
     * the wrong variable, which must then not travel to KMS or into a log line.
     */
    private static final String SECRET_NAME = "[A-Za-z0-9_/+.@-]{1,192}";

    private final Map<String, String> environment;
    private final Map<ConfigVariable, String> secretNames;
    private final String fingerprint;

    private SecretEnvironment(Map<String, String> environment, Map<ConfigVariable, String> secretNames,
            String fingerprint) {
        this.environment = Collections.unmodifiableMap(environment);
        this.secretNames = Collections.unmodifiableMap(secretNames);
        this.fingerprint = fingerprint;
    }

    /** The names of the {@code *_SECRET} variables that are set (not empty) in this environment, in enum order. */
    public static Map<ConfigVariable, String> secretReferences(Map<String, String> environment) {
        Map<ConfigVariable, String> references = new TreeMap<>();
        for (ConfigVariable variable : ConfigVariable.values()) {
            if (variable.secretTarget() != null) {
                String name = environment.get(variable.name());
                if (name != null && !name.trim().isEmpty()) {
                    references.put(variable, name.trim());
                }
            }
        }
        return references;
    }

    /** Whether any {@code *_SECRET} variable is set, i.e. whether {@link #resolve} would read anything. */
    public static boolean usesSecrets(Map<String, String> environment) {
        return !secretReferences(environment).isEmpty();
    }

    /**
     * Reads every referenced secret from {@code source} and returns the environment with their values in place.
     *
     * @throws ConfigurationException naming the {@code *_SECRET} variable: both twins set, a bad secret name, a
     *     secret that is missing, unreadable by this function, empty or too large
     * @throws io.github.vodhls.core.error.DependencyUnavailableException when the source cannot answer now
     */
    public static SecretEnvironment resolve(Map<String, String> environment, SecretSource source) {
        Objects.requireNonNull(source, "source");
        Map<ConfigVariable, String> references = secretReferences(environment);
        Map<String, String> resolved = new HashMap<>(environment);
        MessageDigest digest = sha256();
        for (Map.Entry<ConfigVariable, String> reference : references.entrySet()) {
            ConfigVariable secretVariable = reference.getKey();
            ConfigVariable target = secretVariable.secretTarget();
            String name = reference.getValue();
            String plain = environment.get(target.name());
            if (plain != null && !plain.trim().isEmpty()) {
                throw new ConfigurationException(secretVariable.name(), "set either " + target.name() + " or "
                        + secretVariable.name() + ", not both");
            }
            if (!name.matches(SECRET_NAME)) {
                throw new ConfigurationException(secretVariable.name(), "must be the name of a KMS secret (1-192 "
                        + "letters, digits and _/+.@-), not its value");
            }
            String value;
            try {
                value = source.read(name);
            } catch (ConfigurationException e) {
                throw new ConfigurationException(secretVariable.name(), e.getMessage());
            }
            String trimmed = value == null ? "" : value.trim();
            if (trimmed.isEmpty()) {
                throw new ConfigurationException(secretVariable.name(), "the secret '" + name + "' is empty");
            }
            if (trimmed.length() > MAX_SECRET_CHARS) {
                throw new ConfigurationException(secretVariable.name(), "the secret '" + name + "' has "
                        + trimmed.length() + " characters, at most " + MAX_SECRET_CHARS + " are accepted");
            }
            resolved.put(target.name(), trimmed);
            digest.update((secretVariable.name() + "=" + name + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(trimmed.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return new SecretEnvironment(resolved, references,
                Base64.getEncoder().encodeToString(digest.digest()));
    }

    /** The environment with the secrets' values under their target variables' names. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The {@code *_SECRET} variables that were resolved, with the secret each named. */
    public Map<ConfigVariable, String> secretNames() {
        return secretNames;
    }

    /** SHA-256 over the secret names and values: equal fingerprints mean no value changed. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "SecretEnvironment" + secretNames; // names only, never values
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
