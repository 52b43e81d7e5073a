package io.github.vodhls.wiring;

import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.token.LoginVerifier;
import java.time.Clock;

/** Builds the viewer login verifier from configuration, or none when no LOGIN_* key source is configured. */
@FunctionalInterface
public interface LoginVerifiers {

    /** The verifier, or null when viewers may not call the token function. */
    LoginVerifier create(Config config, Clock clock);

    /** The LOGIN_* variables: HMAC secrets, public keys and/or a JWKS URL. */
    LoginVerifiers FROM_CONFIG = (config, clock) -> null;
}
