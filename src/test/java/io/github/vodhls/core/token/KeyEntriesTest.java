package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.testing.TestKeys;
import java.security.Key;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyEntriesTest {
    private static final String VARIABLE = "SOME_KEYS";
    private static final KeyEntries.KeyReader RAW = (kid, value) -> new SecretKeySpec(value, "RAW");

    private static Map<String, Key> parse(String... entries) {
        return KeyEntries.parse(VARIABLE, Arrays.asList(entries), RAW);
    }

    private static ConfigurationException refused(String... entries) {
        return assertThrows(ConfigurationException.class, () -> parse(entries));
    }

    private static void assertNeverShows(ConfigurationException e, String value) {
        assertEquals(VARIABLE, e.variable());
        assertFalse(e.getMessage().contains(value), e.getMessage());
        assertFalse(e.toString().contains(value), e.toString());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Test
    void parse_keepsTheOrderAndDecodesBase64AndBase64Url() {
        byte[] first = random(40);
        first[0] = (byte) 0xfb; // '-' or '_' in base64url, '+' or '/' in base64
        byte[] second = random(40);
        second[0] = (byte) 0xfb;

        Map<String, Key> keys = parse(" b = " + Base64.getUrlEncoder().withoutPadding().encodeToString(first) + " ",
                "a=" + Base64.getEncoder().encodeToString(second));

        assertEquals(Arrays.asList("b", "a"), new ArrayList<>(keys.keySet()));
        assertArrayEquals(first, keys.get("b").getEncoded());
        assertArrayEquals(second, keys.get("a").getEncoded());
    }

    @Test
    void parse_whenKidHas128AllowedCharacters_isAccepted() {
        String kid = "a.b_c:d-" + "x".repeat(120);
        assertEquals(Collections.singleton(kid), parse(kid + "=" + TestKeys.hs256Secret()).keySet());
    }

    @Test
    void parse_whenKidTooLongOrHasOtherCharacters_isRefusedWithTheRule() {
        String secret = TestKeys.hs256Secret();
        for (String kid : Arrays.asList("x".repeat(129), "bad kid", "k@1", "k/1", "k+1")) {
            ConfigurationException e = refused(kid + "=" + secret);
            assertEquals("SOME_KEYS: kid must be 1-128 characters of A-Z a-z 0-9 . _ : -", e.getMessage());
            assertNeverShows(e, secret);
        }
    }

    @Test
    void parse_whenValueIsBareOrEmpty_isRefusedWithoutEchoingIt() {
        List<String> bare = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bare.add(TestKeys.randomBase64(34)); // "...==": would split at its padding
            bare.add(TestKeys.randomBase64(32)); // "...="
            bare.add(Base64.getUrlEncoder().withoutPadding().encodeToString(random(33))); // no '=' at all
        }
        for (String value : bare) {
            ConfigurationException e = refused(value);
            assertEquals("SOME_KEYS: entries must look like kid=base64", e.getMessage());
            assertNeverShows(e, value.substring(0, 8));
        }
        for (String entry : Arrays.asList("k1=", "k1= = ", "=" + TestKeys.hs256Secret(), "")) {
            assertEquals("SOME_KEYS: entries must look like kid=base64", refused(entry).getMessage());
        }
    }

    @Test
    void parse_whenValueIsNotBase64_namesTheKidNotTheValue() {
        String secret = TestKeys.hs256Secret();
        String mixed = "ab+/cd-_" + secret; // both alphabets in one value
        for (String value : Arrays.asList(mixed, "not*base64*" + secret)) {
            ConfigurationException e = refused("k1=" + value);
            assertEquals("SOME_KEYS: the value of kid 'k1' is not base64", e.getMessage());
            assertNeverShows(e, secret);
        }
    }

    @Test
    void parse_whenKidGivenTwice_isRefusedNamingTheKid() {
        String first = TestKeys.hs256Secret();
        String second = TestKeys.hs256Secret();
        ConfigurationException e = refused("k1=" + first, "k2=" + TestKeys.hs256Secret(), "k1=" + second);
        assertEquals("SOME_KEYS: kid 'k1' appears more than once", e.getMessage());
        assertNeverShows(e, first);
        assertNeverShows(e, second);
    }

    @Test
    void putUnique_whenRingHoldsTheKid_namesTheVariableOfTheNewKey() {
        Map<String, Key> ring = new LinkedHashMap<>(parse("k1=" + TestKeys.hs256Secret()));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyEntries.putUnique("OTHER_KEYS", ring, "k1", new SecretKeySpec(random(32), "RAW")));
        assertEquals("OTHER_KEYS: kid 'k1' appears more than once", e.getMessage());
    }

    @Test
    void hmacSecret_whenShorterThan32Bytes_isRefusedWithTheNumbers() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyEntries.parse(VARIABLE, Collections.singletonList("k1=" + TestKeys.randomBase64(31)),
                        (kid, secret) -> KeyEntries.hmacSecret(VARIABLE, kid, secret)));
        assertEquals("SOME_KEYS: the secret of kid 'k1' has 31 bytes; HS256 needs at least 32", e.getMessage());
        assertEquals(32, KeyEntries.hmacSecret(VARIABLE, "k1", random(32)).getEncoded().length);
    }
}
