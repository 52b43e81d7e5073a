package io.github.vodhls.core.token;

/**
 * Port to where a JSON Web Key Set document comes from (the customer's identity provider, over HTTPS). Implementations
 * only fetch; caching and refresh rules live in core. A failure is a
 * {@link io.github.vodhls.core.error.DependencyUnavailableException} with {@code LOGIN_KEYS_UNAVAILABLE}.
 */
public interface JwksSource {

    /** The current JWKS document (JSON text). */
    String fetch();
}
