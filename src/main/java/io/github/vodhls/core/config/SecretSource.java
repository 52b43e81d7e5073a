package io.github.vodhls.core.config;

/**
 * Where configuration secrets are kept outside the function's environment: KMS Secrets Manager on Function Compute
 * ({@code GetSecretValue}), a map in tests.
 *
 * <p>Implementations never put a secret's value into an exception message or a log line.
 */
public interface SecretSource {

    /**
     * The current value of a secret (its {@code ACSCurrent} version).
     *
     * @param secretName the secret's name, e.g. {@code vod-hls-token-signing-keys}
     * @return the value as stored, never null
     * @throws io.github.vodhls.core.error.ConfigurationException when the secret does not exist or this function may
     *     not read it (a deployment mistake)
     * @throws io.github.vodhls.core.error.DependencyUnavailableException with
     *     {@link io.github.vodhls.core.error.ErrorCode#SECRETS_UNAVAILABLE} when the service cannot answer now
     */
    String read(String secretName);
}
