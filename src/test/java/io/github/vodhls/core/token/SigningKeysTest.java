package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.TestKeys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private static final String SIGNING = "TOKEN_SIGNING_KEYS";
    private static final String VERIFY = "TOKEN_VERIFICATION_KEYS";

    private static ConfigurationException hs256Fails(List<String> signing, List<String> verifyOnly) {
        return assertThrows(ConfigurationException.class,
                () -> SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING, signing, VERIFY, verifyOnly));
    }

    private static ConfigurationException es256Fails(List<String> signing, List<String> verifyOnly) {
        return assertThrows(ConfigurationException.class,
                () -> SigningKeys.parse(SigningKeys.Algorithm.ES256, SIGNING, signing, VERIFY, verifyOnly));
    }

    private static void assertNamesVariableWithoutSecret(ConfigurationException e, String variable, String secret) {
        assertEquals(ErrorCode.CONFIGURATION_INVALID, e.errorCode());
        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(secret), "message echoes the secret: " + e.getMessage());
        assertFalse(e.toString().contains(secret), "toString echoes the secret");
    }

    @Test
    void parse_hs256_firstEntrySignsAndEveryEntryVerifies() {
        SigningKeys keys = SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING,
                List.of(TestKeys.hs256Entry("new"), TestKeys.hs256Entry("old")), VERIFY,
                List.of(TestKeys.hs256Entry("older")));

        assertEquals("new", keys.signingKid());
        assertNotNull(keys.verificationKey("new"));
        assertNotNull(keys.verificationKey("old"));
        assertNotNull(keys.verificationKey("older"));
        assertNull(keys.verificationKey("unknown"));
    }

    @Test
    void parse_acceptsUrlSafeBase64AndSurroundingSpaces() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        secret[0] = (byte) 0xfb; // forces '-' or '_' in the URL-safe encoding
        String urlSafe = Base64.getUrlEncoder().encodeToString(secret);

        SigningKeys keys = SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING, List.of(" k1 = " + urlSafe + " "),
                VERIFY, List.of());

        assertEquals("k1", keys.signingKid());
        assertEquals(32, keys.verificationKey("k1").getEncoded().length);
    }

    @Test
    void toString_showsKidsButNoKeyBytes() {
        String secret = TestKeys.hs256Secret();
        SigningKeys keys = SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING, List.of("k1=" + secret), VERIFY,
                List.of());

        assertEquals("SigningKeys[HS256, signing kid=k1, verifying kids=[k1]]", keys.toString());
    }

    @Test
    void parse_whenNoSigningKeys_failsNamingTheVariable() {
        ConfigurationException e = hs256Fails(List.of(), List.of());
        assertEquals(SIGNING, e.variable());
        assertEquals("TOKEN_SIGNING_KEYS: is required but not set (kid=base64 entries)", e.getMessage());
    }

    @Test
    void parse_whenHs256SecretShorterThan32Bytes_failsWithoutEchoingIt() {
        String shortSecret = TestKeys.randomBase64(31);

        ConfigurationException e = hs256Fails(List.of("k1=" + shortSecret), List.of());

        assertNamesVariableWithoutSecret(e, SIGNING, shortSecret);
        assertEquals("TOKEN_SIGNING_KEYS: the secret of kid 'k1' has 31 bytes; HS256 needs at least 32",
                e.getMessage());
    }

    @Test
    void parse_whenVerificationSecretTooShort_namesTheVerificationVariable() {
        String shortSecret = TestKeys.randomBase64(16);

        ConfigurationException e = hs256Fails(List.of(TestKeys.hs256Entry("k1")), List.of("k0=" + shortSecret));

        assertNamesVariableWithoutSecret(e, VERIFY, shortSecret);
    }

    @Test
    void parse_whenValueIsNotBase64_failsWithoutEchoingIt() {
        String notBase64 = "this*is*not*base64*" + TestKeys.hs256Secret();

        ConfigurationException e = hs256Fails(List.of("k1=" + notBase64), List.of());

        assertNamesVariableWithoutSecret(e, SIGNING, notBase64);
        assertEquals("TOKEN_SIGNING_KEYS: the value of kid 'k1' is not base64", e.getMessage());
    }

    @Test
    void parse_whenKidAppearsTwice_fails() {
        String first = TestKeys.hs256Secret();
        String second = TestKeys.hs256Secret();

        ConfigurationException e = hs256Fails(List.of("k1=" + first, "k1=" + second), List.of());

        assertNamesVariableWithoutSecret(e, SIGNING, first);
        assertFalse(e.getMessage().contains(second));
        assertEquals("TOKEN_SIGNING_KEYS: kid 'k1' appears more than once", e.getMessage());
    }

    @Test
    void parse_whenKidRepeatedInVerificationKeys_failsNamingVerificationVariable() {
        String secret = TestKeys.hs256Secret();
        ConfigurationException e = hs256Fails(List.of(TestKeys.hs256Entry("k1")), List.of("k1=" + secret));
        assertNamesVariableWithoutSecret(e, VERIFY, secret);
    }

    @Test
    void parse_whenKidHasForbiddenCharacters_fails() {
        String secret = TestKeys.hs256Secret();

        ConfigurationException e = hs256Fails(List.of("bad kid!=" + secret), List.of());

        assertNamesVariableWithoutSecret(e, SIGNING, secret);
        assertEquals("TOKEN_SIGNING_KEYS: kid must be 1-128 characters of A-Z a-z 0-9 . _ : -", e.getMessage());
    }

    @Test
    void parse_whenKidHasColonsAndUpTo128Characters_isAccepted() {
        String kid = "2024-06:k1." + "x".repeat(117);

        SigningKeys keys = SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING, List.of(TestKeys.hs256Entry(kid)),
                VERIFY, List.of());

        assertEquals(kid, keys.signingKid());
    }

    @Test
    void parse_whenHs256VerificationKeysRepeatASigningSecret_isAccepted() {
        String entry = TestKeys.hs256Entry("k1");

        SigningKeys keys = SigningKeys.parse(SigningKeys.Algorithm.HS256, SIGNING, List.of(entry), VERIFY,
                List.of(entry, TestKeys.hs256Entry("k0")));

        assertEquals("SigningKeys[HS256, signing kid=k1, verifying kids=[k1, k0]]", keys.toString());
    }

    @Test
    void parse_whenEs256SigningKidAppearsTwice_fails() {
        TestKeys.Es256 first = TestKeys.es256("ec1");
        TestKeys.Es256 second = TestKeys.es256("ec1");

        ConfigurationException e = es256Fails(List.of(first.privateEntry(), second.privateEntry()),
                List.of(first.publicEntry()));

        assertNamesVariableWithoutSecret(e, SIGNING, second.privateEntry().substring(4));
        assertEquals("TOKEN_SIGNING_KEYS: kid 'ec1' appears more than once", e.getMessage());
    }

    @Test
    void parse_whenVerifyOnlyGivenEs256PrivateKeys_failsNamingThemAndTheVariableToUse() {
        TestKeys.Es256 key = TestKeys.es256("ec1");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SigningKeys.parse(
                SigningKeys.Algorithm.ES256, SIGNING, List.of(key.privateEntry()), VERIFY, List.of(key.publicEntry()),
                false));

        assertNamesVariableWithoutSecret(e, SIGNING, key.privateEntry().substring(4));
        assertTrue(e.getMessage().startsWith("TOKEN_SIGNING_KEYS: holds ES256 private keys"), e.getMessage());
        assertTrue(e.getMessage().endsWith("give it the public keys in TOKEN_VERIFICATION_KEYS instead"),
                e.getMessage());
    }

    @Test
    void parse_whenEs256VerificationKeyIsAPrivateKey_failsNamingItAsSuch() {
        TestKeys.Es256 key = TestKeys.es256("ec1");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SigningKeys.parse(
                SigningKeys.Algorithm.ES256, SIGNING, List.of(), VERIFY, List.of(key.privateEntry()), false));

        assertNamesVariableWithoutSecret(e, VERIFY, key.privateEntry().substring(4));
        assertEquals("TOKEN_VERIFICATION_KEYS: the value of kid 'ec1' is a private key; this variable takes public "
                + "keys only (openssl ec -pubout)", e.getMessage());
    }

    @Test
    void parse_whenEntryHasNoKid_failsWithoutEchoingTheSecret() {
        String secret = TestKeys.hs256Secret();
        ConfigurationException e = hs256Fails(List.of(secret), List.of());
        assertNamesVariableWithoutSecret(e, SIGNING, secret);
    }

    @Test
    void parse_whenPaddedSecretPastedWithoutKid_failsWithoutEchoingAnyPartOfIt() {
        // 34 bytes encode to 48 characters ending in "==": the first '=' must not split the secret into kid=value.
        for (int i = 0; i < 50; i++) {
            String secret = TestKeys.randomBase64(34);
            String body = secret.substring(0, secret.indexOf('='));

            ConfigurationException e = hs256Fails(List.of(secret), List.of());

            assertNamesVariableWithoutSecret(e, SIGNING, body.substring(0, 16));
        }
    }

    @Test
    void parse_whenEs256WithoutPublicKeyOfSigningKid_failsNamingVerificationVariable() {
        TestKeys.Es256 key = TestKeys.es256("ec1");

        ConfigurationException e = es256Fails(List.of(key.privateEntry()), List.of());

        assertEquals(VERIFY, e.variable());
        assertEquals("TOKEN_VERIFICATION_KEYS: must hold the public key of the signing key 'ec1' (ES256)",
                e.getMessage());
        assertFalse(e.getMessage().contains(key.privateEntry().substring(4)));
    }

    @Test
    void parse_whenEs256KeyOnWrongCurve_fails() {
        TestKeys.Es256 p384 = new TestKeys.Es256("ec1", TestKeys.ecKeyPair("secp384r1"));
        String privateValue = p384.privateEntry().substring(4);

        ConfigurationException e = es256Fails(List.of(p384.privateEntry()), List.of(p384.publicEntry()));

        assertNamesVariableWithoutSecret(e, SIGNING, privateValue);
    }

    @Test
    void parse_whenEs256PublicKeyOnWrongCurve_failsNamingVerificationVariable() {
        TestKeys.Es256 good = TestKeys.es256("ec1");
        TestKeys.Es256 p384 = new TestKeys.Es256("old", TestKeys.ecKeyPair("secp384r1"));

        ConfigurationException e = es256Fails(List.of(good.privateEntry()),
                List.of(good.publicEntry(), p384.publicEntry()));

        assertEquals(VERIFY, e.variable());
        assertTrue(e.getMessage().contains("'old'"), e.getMessage());
    }

    @Test
    void parse_whenEs256GivenAnHmacSecret_failsWithoutEchoingIt() {
        String secret = TestKeys.hs256Secret();
        ConfigurationException e = es256Fails(List.of("ec1=" + secret), List.of());
        assertNamesVariableWithoutSecret(e, SIGNING, secret);
        assertEquals("TOKEN_SIGNING_KEYS: the value of kid 'ec1' is not a PKCS#8 EC private key", e.getMessage());
    }

    @Test
    void parse_whenEs256PublicKeyGivenAsSigningKey_fails() {
        TestKeys.Es256 key = TestKeys.es256("ec1");
        ConfigurationException e = es256Fails(List.of(key.publicEntry()), List.of(key.publicEntry()));
        assertEquals(SIGNING, e.variable());
    }
}
