package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.Backends;
import io.github.vodhls.wiring.FunctionGraphs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ES256: the token function holds the private key, the decrypt function public keys only. */
class Es256SplitKeysTest {

    private static FcResponse call(FcHttpFunction handler, FcEventBuilder event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        return FcResponse.parse(out.toByteArray());
    }

    @Test
    void decrypt_withPublicKeysOnly_verifiesTokensSignedByTheTokenFunction() throws IOException {
        TestKeys.Es256 key = TestKeys.es256("es-1");
        String apiKey = TestKeys.randomBase64(24);
        MutableClock clock = MutableClock.atDefaultStart();
        FakeKms kms = new FakeKms();
        Backends backends = new Backends(kms, new InMemoryTokenStore(), new InMemoryVideoKeyRegistry(), ctx -> { });
        TokenHandler token = new TokenHandler(new FunctionGraphs(Config.from(Map.of(
                "TOKEN_ALGORITHM", "ES256",
                "TOKEN_SIGNING_KEYS", key.privateEntry(),
                "TOKEN_VERIFICATION_KEYS", key.publicEntry(),
                "API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex(apiKey),
                "DECRYPT_BASE_URL", "https://key.example.com/decrypt")), clock, new SecureRandom()).token(backends));
        FunctionGraphs decryptOnly = new FunctionGraphs(Config.from(Map.of(
                "TOKEN_ALGORITHM", "ES256",
                "TOKEN_VERIFICATION_KEYS", key.publicEntry())), clock, new SecureRandom());
        DecryptHandler decrypt = new DecryptHandler(decryptOnly.decrypt(backends));
        decrypt.initialize(new TestContext());

        String ciphertext = call(token, FcEventBuilder.post("/keys").bearer(apiKey).json("{\"videoId\":\"v\"}"))
                .json().get("ciphertext").getAsString();
        String jwt = call(token, FcEventBuilder.post("/token").bearer(apiKey)
                .json("{\"videoId\":\"v\",\"userId\":\"u\"}")).json().get("token").getAsString();
        FcResponse key16 = call(decrypt, FcEventBuilder.get("/decrypt").query("Ciphertext", ciphertext)
                .query("MtsHlsUriToken", jwt));

        assertEquals(200, key16.statusCode(), key16.bodyText());
        assertArrayEquals(kms.decrypt(ciphertext), key16.body());
        assertThrows(IllegalStateException.class, () -> decryptOnly.codec(false).sign(
                new io.github.vodhls.core.token.TokenClaims("t", "u", "v", null, clock.instant(),
                        clock.instant().plusSeconds(60), 1)));
    }

    @Test
    void tokenFunction_withPublicKeysOnly_failsNamingTheSigningVariable() {
        TestKeys.Es256 key = TestKeys.es256("es-1");
        FunctionGraphs endpoints = new FunctionGraphs(Config.from(Map.of("TOKEN_ALGORITHM", "ES256",
                "TOKEN_VERIFICATION_KEYS", key.publicEntry())), MutableClock.atDefaultStart(), new SecureRandom());
        ConfigurationException e = assertThrows(ConfigurationException.class, endpoints::codec);
        assertEquals("TOKEN_SIGNING_KEYS", e.variable());
    }
}
