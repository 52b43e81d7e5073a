package io.github.vodhls.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.token.JwtLoginVerifier;
import io.github.vodhls.testing.LoginTokens;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JWKS rules of {@link JwtLoginVerifier}, end to end through {@link HttpJwksSource} and a loopback server. */
class JwtLoginVerifierJwksTest {
    private static final KeyPair RSA_1 = LoginTokens.rsaKeyPair();
    private static final KeyPair RSA_2 = LoginTokens.rsaKeyPair();
    private static final KeyPair EC_1 = TestKeys.ecKeyPair("secp256r1");

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final LoopbackJwksServer server = new LoopbackJwksServer();
    private final JwtLoginVerifier verifier = JwtLoginVerifier.builder(clock)
            .jwks(new HttpJwksSource(server.url(), Duration.ofSeconds(2)), Duration.ofSeconds(300))
            .issuer("https://login.example.com")
            .build();

    @AfterEach
    void stop() {
        server.close();
    }

    private String rs256(KeyPair pair, String kid) {
        return LoginTokens.sign(pair.getPrivate(), Jwts.SIG.RS256, kid, clock, issued());
    }

    private static UnaryOperator<io.jsonwebtoken.JwtBuilder> issued() {
        return b -> b.issuer("https://login.example.com");
    }

    private ErrorCode refusal(String token) {
        return assertThrows(CallerRejectedException.class, () -> verifier.verify(token)).errorCode();
    }

    @Test
    void verify_whenKidInJwks_returnsSubjectForRsAndEc() {
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic(), "e1", EC_1.getPublic()));
        assertEquals("user-1", verifier.verify(rs256(RSA_1, "r1")));
        assertEquals("user-1", verifier.verify(LoginTokens.sign(EC_1.getPrivate(), Jwts.SIG.ES256, "e1", clock,
                issued())));
    }

    @Test
    void verify_whenCalledRepeatedlyWithinCacheTime_fetchesOnce() {
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        for (int i = 0; i < 5; i++) {
            verifier.verify(rs256(RSA_1, "r1"));
            clock.advance(Duration.ofSeconds(59));
        }
        assertEquals(1, server.fetches());
        clock.advance(Duration.ofSeconds(5));
        verifier.verify(rs256(RSA_1, "r1"));
        assertEquals(2, server.fetches(), "fetched again once the 300 s cache time is over");
    }

    @Test
    void verify_whenKeyRotatedAtIdp_picksUpNewKidByRefetch() {
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        verifier.verify(rs256(RSA_1, "r1"));
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic(), "r2", RSA_2.getPublic()));
        clock.advance(Duration.ofSeconds(11));
        assertEquals("user-1", verifier.verify(rs256(RSA_2, "r2")));
        assertEquals(2, server.fetches());
    }

    @Test
    void verify_whenFloodOfUnknownKids_refetchesAtMostOncePer10Seconds() {
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        verifier.verify(rs256(RSA_1, "r1"));
        for (int i = 0; i < 20; i++) {
            assertEquals(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, refusal(rs256(RSA_2, "random-" + i)));
            clock.advanceMillis(400);
        }
        assertEquals(1, server.fetches(), "8 s of unknown kids right after a fetch fetch nothing");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, refusal(rs256(RSA_2, "random-a")));
        assertEquals(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, refusal(rs256(RSA_2, "random-b")));
        assertEquals(2, server.fetches(), "one refetch once 10 s have passed");
        assertEquals("user-1", verifier.verify(rs256(RSA_1, "r1")));
    }

    @Test
    void verify_whenIdpDownButSetCached_keepsVerifyingWithCachedSet() {
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        verifier.verify(rs256(RSA_1, "r1"));
        server.answer(503, "down");
        clock.advance(Duration.ofSeconds(301));
        assertEquals("user-1", verifier.verify(rs256(RSA_1, "r1")));
        assertEquals(2, server.fetches(), "the expired set was refetched (and that failed)");
        assertEquals(ErrorCode.LOGIN_TOKEN_UNKNOWN_KID, refusal(rs256(RSA_2, "r2")));
    }

    @Test
    void verify_whenIdpDownAndNothingCached_isKeysUnavailable() {
        server.answer(503, "down");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> verifier.verify(rs256(RSA_1, "r1")));
        assertEquals(ErrorCode.LOGIN_KEYS_UNAVAILABLE, e.errorCode());
        assertEquals("JWKS fetch from 127.0.0.1 answered HTTP 503", e.getMessage());
        // Within 10 s the verifier fails fast without asking the IdP again; afterwards it recovers.
        assertThrows(DependencyUnavailableException.class, () -> verifier.verify(rs256(RSA_1, "r1")));
        assertEquals(1, server.fetches());
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("user-1", verifier.verify(rs256(RSA_1, "r1")));
    }

    @Test
    void verify_whenJwksIsNotAKeySet_isKeysUnavailable() {
        server.serve("<html>login</html>");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> verifier.verify(rs256(RSA_1, "r1")));
        assertEquals("the JWKS document is not a valid JWK set", e.getMessage());
    }

    @Test
    void verify_whenIdpSlow_timeoutHonoured() {
        JwtLoginVerifier impatient = JwtLoginVerifier.builder(clock)
                .jwks(new HttpJwksSource(server.url(), Duration.ofMillis(300)), Duration.ofSeconds(300)).build();
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        server.delay(5_000);
        long started = System.nanoTime();
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> impatient.verify(rs256(RSA_1, "r1")));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMs < 3_000, "returned after " + elapsedMs + " ms");
        assertEquals(ErrorCode.LOGIN_KEYS_UNAVAILABLE, e.errorCode());
    }

    @Test
    void verify_whenHmacTokenNamesAJwksKid_isRefusedAlgorithmNotAllowed() {
        server.serve(LoginTokens.jwks("r1", RSA_1.getPublic()));
        String confused = LoginTokens.sign(new javax.crypto.spec.SecretKeySpec(RSA_1.getPublic().getEncoded(),
                "HmacSHA256"), Jwts.SIG.HS256, "r1", clock, issued());
        assertEquals(ErrorCode.LOGIN_TOKEN_ALGORITHM_NOT_ALLOWED, refusal(confused));
    }
}
