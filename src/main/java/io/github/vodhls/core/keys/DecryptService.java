package io.github.vodhls.core.keys;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ClientInfo;
import io.github.vodhls.core.token.TokenClaims;
import io.github.vodhls.core.token.TokenService;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;

/**
 * The decrypt flow behind {@code DecryptKeyUri}: verify the token, check the ciphertext is the one registered for the
 * token's video, obtain the plaintext (cache, or the service that made the key), then consume one use, and only then
 * hand out the key. A KMS or store failure before the consume leaves the token's uses untouched. The video's
 * revocation is read alongside all that ({@link TokenService#whileCheckingRevocation}): with the registration and the
 * key cached, a key fetch costs one store round trip; a revoked video, or a failed read, releases nothing.
 */
public final class DecryptService {
    private final TokenService tokens;
    private final VideoKeyRegistry registry;
    private final DataKeyCache keys;

    public DecryptService(TokenService tokens, VideoKeyRegistry registry, DataKeyCache keys) {
        this.tokens = tokens;
        this.registry = registry;
        this.keys = keys;
    }

    /** The result of a successful release: the 16 key bytes and the claims they were released under. */
    public static final class Release {
        private final byte[] key;
        private final TokenClaims claims;

        Release(byte[] key, TokenClaims claims) {
            this.key = key;
            this.claims = claims;
        }

        public byte[] key() {
            return key.clone();
        }

        public TokenClaims claims() {
            return claims;
        }

        @Override
        public String toString() {
            return "Release[" + claims + ", key=<redacted>]";
        }
    }

    /**
     * The whole release for a client without bindings: {@link #verify} then {@link #release(String, TokenClaims)}.
     *
     * @param rawCiphertext the {@code Ciphertext} query value as received
     * @param token the {@code MtsHlsUriToken} query value as received
     */
    public Release release(String rawCiphertext, String token) {
        return release(rawCiphertext, verify(token, new ClientInfo(null, null)));
    }

    /**
     * The second half of a key request, for claims returned by {@link #verify} (the endpoint verifies first, to know
     * the token's id and video even when the release is refused): the ciphertext must be the one registered for the
     * token's video; then the plaintext (cache or KMS), then one use; and the video must not be revoked.
     */
    public Release release(String rawCiphertext, TokenClaims verified) {
        String ciphertext = Ciphertexts.normalize(rawCiphertext);
        byte[] key = tokens.whileCheckingRevocation(verified, () -> {
            VideoKey registered = registeredFor(verified, ciphertext);
            byte[] plaintext = keys.plaintextOf(registered.keyService(), registered.ciphertext());
            tokens.consumeUse(verified);
            return plaintext;
        });
        return new Release(key, verified);
    }

    /** {@link #verify} then {@link #check(String, TokenClaims)}, for a client without bindings. */
    public TokenClaims check(String rawCiphertext, String token) {
        TokenClaims claims = verify(token, new ClientInfo(null, null));
        check(rawCiphertext, claims);
        return claims;
    }

    /**
     * Every check of {@link #release(String, TokenClaims)} except the key and the use count (the token must still be
     * known and not revoked, but its spent uses are not read): for HEAD requests.
     */
    public void check(String rawCiphertext, TokenClaims verified) {
        String ciphertext = Ciphertexts.normalize(rawCiphertext);
        tokens.whileCheckingRevocation(verified, () -> {
            registeredFor(verified, ciphertext);
            tokens.requireStanding(verified);
            return null;
        });
    }

    /**
     * The first step of every key request: the token's signature, expiry and bindings (the IP and device type it is
     * bound to, if any, against {@code client}). No store read: the video's revocation is read by
     * {@link #release(String, TokenClaims)} and {@link #check(String, TokenClaims)}, alongside their own calls.
     */
    public TokenClaims verify(String token, ClientInfo client) {
        return tokens.verifySigned(token, client);
    }

    private VideoKey registeredFor(TokenClaims claims, String ciphertext) {
        VideoKey registered = registry.find(claims.videoId()).orElseThrow(() -> new AccessDeniedException(
                ErrorCode.CIPHERTEXT_UNKNOWN, "no key is registered for the token's video"));
        if (!Ciphertexts.sameCiphertext(registered.ciphertext(), ciphertext)) {
            throw new AccessDeniedException(ErrorCode.CIPHERTEXT_NOT_FOR_VIDEO,
                    "the ciphertext does not belong to the token's video");
        }
        return registered;
    }
}
