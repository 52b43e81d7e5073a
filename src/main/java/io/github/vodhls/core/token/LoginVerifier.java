package io.github.vodhls.core.token;

/**
 * Verifies a viewer's login token, the customer app's own JWT, and tells who the viewer is. Every refusal is a
 * {@link io.github.vodhls.core.error.CallerRejectedException} with a {@code LOGIN_TOKEN_*} code (401); a key set that
 * cannot be fetched is a {@link io.github.vodhls.core.error.DependencyUnavailableException} with
 * {@code LOGIN_KEYS_UNAVAILABLE} (503).
 */
public interface LoginVerifier {

    /** The verified viewer's user id (from {@code sub} or the configured claim). */
    String verify(String loginToken);

    /** Whether a bearer value looks like a JWT at all (three base64url parts); cheap, no verification. */
    static boolean looksLikeJwt(String bearer) {
        if (bearer == null || bearer.length() > 16_384) {
            return false;
        }
        int first = bearer.indexOf('.');
        int second = first < 0 ? -1 : bearer.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && bearer.indexOf('.', second + 1) < 0;
    }
}
