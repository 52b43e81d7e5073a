package io.github.vodhls.core.token;

/** A freshly signed token and what it grants. {@link #toString()} leaves the token string out. */
public final class IssuedToken {
    private final String token;
    private final TokenClaims claims;

    public IssuedToken(String token, TokenClaims claims) {
        this.token = token;
        this.claims = claims;
    }

    /** The compact JWS to put in {@code MtsHlsUriToken}. */
    public String token() {
        return token;
    }

    public TokenClaims claims() {
        return claims;
    }

    @Override
    public String toString() {
        return "IssuedToken[" + claims + "]";
    }
}
