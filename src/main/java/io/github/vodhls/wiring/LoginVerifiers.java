package io.github.vodhls.wiring;

import io.github.vodhls.adapters.http.HttpJwksSource;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.token.JwtLoginVerifier;
import io.github.vodhls.core.token.LoginVerifier;
import java.time.Clock;
import java.time.Duration;

/** Builds the viewer login verifier from configuration, or none when no LOGIN_* key source is configured. */
@FunctionalInterface
public interface LoginVerifiers {

    /** The verifier, or null when viewers may not call the token function. */
    LoginVerifier create(Config config, Clock clock);

    /** From the LOGIN_* variables: HMAC secrets, public keys and/or a JWKS URL; none of them set means no viewers. */
    LoginVerifiers FROM_CONFIG = (config, clock) -> {
        boolean any = !config.list(ConfigVariable.LOGIN_HMAC_SECRETS).isEmpty()
                || !config.list(ConfigVariable.LOGIN_PUBLIC_KEYS).isEmpty()
                || config.isSet(ConfigVariable.LOGIN_JWKS_URL);
        if (!any) {
            return null;
        }
        boolean sharedIssuerKeys = !config.list(ConfigVariable.LOGIN_PUBLIC_KEYS).isEmpty()
                || config.isSet(ConfigVariable.LOGIN_JWKS_URL);
        if (sharedIssuerKeys && !config.isSet(ConfigVariable.LOGIN_AUDIENCE)) {
            // An identity provider's keys sign tokens for all its apps: only the audience tells ours apart.
            throw new ConfigurationException(ConfigVariable.LOGIN_AUDIENCE.name(),
                    "is required with LOGIN_PUBLIC_KEYS or LOGIN_JWKS_URL (else tokens for other apps would pass)");
        }
        HttpJwksSource jwks = config.isSet(ConfigVariable.LOGIN_JWKS_URL)
                ? new HttpJwksSource(config.httpUrl(ConfigVariable.LOGIN_JWKS_URL), Duration.ofMillis(
                        config.integer(ConfigVariable.LOGIN_JWKS_TIMEOUT_MS)))
                : null;
        return JwtLoginVerifier.builder(clock)
                .hmacSecrets(config.list(ConfigVariable.LOGIN_HMAC_SECRETS))
                .publicKeys(config.list(ConfigVariable.LOGIN_PUBLIC_KEYS))
                .jwks(jwks, Duration.ofSeconds(config.integer(ConfigVariable.LOGIN_JWKS_CACHE_SECONDS)))
                .algorithms(config.list(ConfigVariable.LOGIN_ALGORITHMS))
                .issuer(config.get(ConfigVariable.LOGIN_ISSUER))
                .audience(config.get(ConfigVariable.LOGIN_AUDIENCE))
                .userClaim(config.require(ConfigVariable.LOGIN_USER_CLAIM))
                .clockSkew(Duration.ofSeconds(config.integer(ConfigVariable.LOGIN_CLOCK_SKEW_SECONDS)))
                .maxAge(Duration.ofSeconds(config.integer(ConfigVariable.LOGIN_MAX_AGE_SECONDS)))
                .maxLifetime(Duration.ofSeconds(config.integer(ConfigVariable.LOGIN_MAX_LIFETIME_SECONDS)))
                .build();
    };
}
