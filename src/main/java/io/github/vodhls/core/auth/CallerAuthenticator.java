package io.github.vodhls.core.auth;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.LoginVerifier;

/**
 * Authenticates {@code Authorization: Bearer <credential>} on the token function: the backend's API key first
 * (constant-time against the configured hashes), then, when viewer logins are configured and the credential is
 * shaped like a JWT, the viewer's login token.
 */
public final class CallerAuthenticator {
    private final ApiKeyAuthenticator apiKeys;
    private final LoginVerifier logins;

    /** @param logins the login token verifier, or null when viewers may not call the token function */
    public CallerAuthenticator(ApiKeyAuthenticator apiKeys, LoginVerifier logins) {
        this.apiKeys = apiKeys;
        this.logins = logins;
    }

    public Caller authenticate(String authorizationHeader) {
        try {
            apiKeys.authenticate(authorizationHeader);
            return Caller.backend();
        } catch (CallerRejectedException e) {
            if (logins == null || e.errorCode() != ErrorCode.API_KEY_INVALID) {
                throw e;
            }
            String credential = authorizationHeader.trim().substring(7).trim();
            if (!LoginVerifier.looksLikeJwt(credential)) {
                throw e;
            }
            return Caller.viewer(logins.verify(credential));
        }
    }
}
