package io.github.vodhls.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.TestKeys;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    private static ConfigurationException invalid(Map<String, String> environment) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Config.from(environment));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, e.errorCode());
        return e;
    }

    @Test
    void from_emptyEnvironment_appliesDefaults() {
        Config config = Config.from(Map.of());

        assertEquals("HS256", config.get(ConfigVariable.TOKEN_ALGORITHM));
        assertEquals("vod-hls-encryption", config.require(ConfigVariable.TOKEN_ISSUER));
        assertEquals(30, config.integer(ConfigVariable.TOKEN_CLOCK_SKEW_SECONDS));
        assertEquals(3600, config.integer(ConfigVariable.TOKEN_DEFAULT_TTL_SECONDS));
        assertEquals(60, config.integer(ConfigVariable.TOKEN_DEFAULT_MAX_USES));
        assertEquals(300, config.integer(ConfigVariable.KEY_CACHE_CONTROL_MAX_AGE_SECONDS));
        assertEquals(List.of("*"), config.list(ConfigVariable.CORS_ALLOWED_ORIGINS));
        assertEquals("tablestore", config.choice(ConfigVariable.STORE));
        assertEquals(List.of(), config.list(ConfigVariable.TOKEN_VERIFICATION_KEYS));
        assertFalse(config.isSet(ConfigVariable.TOKEN_ALGORITHM));
        assertNull(config.get(ConfigVariable.KMS_KEY_ID));
    }

    @Test
    void from_setValues_overrideDefaultsAndAreTrimmed() {
        Config config = Config.from(Map.of("TOKEN_CLOCK_SKEW_SECONDS", " 45 ", "TOKEN_ISSUER", "  my-issuer ",
                "STORE", "MEMORY", "TOKEN_ALGORITHM", "es256"));

        assertEquals(45, config.integer(ConfigVariable.TOKEN_CLOCK_SKEW_SECONDS));
        assertEquals("my-issuer", config.get(ConfigVariable.TOKEN_ISSUER));
        assertEquals("memory", config.choice(ConfigVariable.STORE));
        assertEquals("es256", config.choice(ConfigVariable.TOKEN_ALGORITHM));
        assertTrue(config.isSet(ConfigVariable.TOKEN_ISSUER));
    }

    @Test
    void from_blankValue_countsAsUnsetSoDefaultApplies() {
        Config config = Config.from(Map.of("TOKEN_ISSUER", "   ", "TOKEN_MAX_TTL_SECONDS", ""));

        assertFalse(config.isSet(ConfigVariable.TOKEN_ISSUER));
        assertEquals("vod-hls-encryption", config.get(ConfigVariable.TOKEN_ISSUER));
        assertEquals(86_400, config.integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS));
    }

    @Test
    void list_splitsOnCommasAndDropsEmptyEntries() {
        Config config = Config.from(Map.of("CORS_ALLOWED_ORIGINS", "https://a.example, ,https://b.example,"));
        assertEquals(List.of("https://a.example", "https://b.example"),
                config.list(ConfigVariable.CORS_ALLOWED_ORIGINS));
    }

    @Test
    void require_whenNeitherSetNorDefaulted_failsNamingTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Config.from(Map.of()).require(ConfigVariable.KMS_KEY_ID));
        assertEquals("KMS_KEY_ID", e.variable());
        assertEquals("KMS_KEY_ID: is required but not set", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"TOKEN_CLOCK_SKEW_SECONDS,abc", "TOKEN_MAX_LENGTH,4k", "KEY_CACHE_TTL_SECONDS,1.5",
            "TOKEN_DEFAULT_MAX_USES,99999999999"})
    void from_whenIntegerIsNotAWholeNumber_failsNamingVariableAndValue(String variable, String value) {
        ConfigurationException e = invalid(Map.of(variable, value));
        assertEquals(variable, e.variable());
        assertEquals(variable + ": must be a whole number, got '" + value + "'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"TOKEN_CLOCK_SKEW_SECONDS,301,0,300", "TOKEN_CLOCK_SKEW_SECONDS,-1,0,300",
            "TOKEN_MAX_LENGTH,255,256,65536", "KEY_CACHE_CONTROL_MAX_AGE_SECONDS,86401,0,86400",
            "TABLESTORE_TIMEOUT_MS,99,100,60000", "TOKEN_DEFAULT_TTL_SECONDS,0,1,31536000"})
    void from_whenIntegerOutOfRange_failsNamingVariableAndBounds(String variable, String value, int min, int max) {
        ConfigurationException e = invalid(Map.of(variable, value));
        assertEquals(variable, e.variable());
        assertEquals(variable + ": must be between " + min + " and " + max + ", got " + value, e.getMessage());
    }

    @Test
    void from_whenDefaultTtlExceedsMaxTtl_failsNamingDefaultTtl() {
        ConfigurationException e = invalid(Map.of("TOKEN_DEFAULT_TTL_SECONDS", "7200", "TOKEN_MAX_TTL_SECONDS",
                "3600"));
        assertEquals("TOKEN_DEFAULT_TTL_SECONDS", e.variable());
        assertEquals("TOKEN_DEFAULT_TTL_SECONDS: must not exceed TOKEN_MAX_TTL_SECONDS", e.getMessage());
    }

    @Test
    void from_whenDefaultMaxUsesExceedsMaxMaxUses_failsNamingDefaultMaxUses() {
        ConfigurationException e = invalid(Map.of("TOKEN_MAX_MAX_USES", "10"));
        assertEquals("TOKEN_DEFAULT_MAX_USES", e.variable());
    }

    @Test
    void from_whenAlgorithmNotAllowed_failsListingTheChoices() {
        ConfigurationException e = invalid(Map.of("TOKEN_ALGORITHM", "none"));
        assertEquals("TOKEN_ALGORITHM", e.variable());
        assertEquals("TOKEN_ALGORITHM: must be one of HS256, ES256, got 'none'", e.getMessage());
    }

    @Test
    void from_whenStoreUnknown_failsNamingStore() {
        ConfigurationException e = invalid(Map.of("STORE", "redis"));
        assertEquals("STORE: must be one of tablestore, memory, got 'redis'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://key.example.com/decrypt", "https://key.example.com/decrypt?x=1",
            "https://key.example.com/decrypt#frag", "/decrypt", "key.example.com/decrypt", "https:///decrypt",
            "http://bad host/decrypt"})
    void from_whenDecryptBaseUrlInvalid_failsNamingTheVariable(String url) {
        ConfigurationException e = invalid(Map.of("DECRYPT_BASE_URL", url));
        assertEquals("DECRYPT_BASE_URL", e.variable());
        assertTrue(e.getMessage().startsWith("DECRYPT_BASE_URL: "), e.getMessage());
    }

    @Test
    void httpUrl_whenValid_returnsIt() {
        Config config = Config.from(Map.of("DECRYPT_BASE_URL", "https://key.example.com/decrypt"));
        assertEquals("https://key.example.com/decrypt", config.httpUrl(ConfigVariable.DECRYPT_BASE_URL));
    }

    @Test
    void from_whenApiKeyPastedInsteadOfItsHash_failsWithoutEchoingIt() {
        String apiKey = TestKeys.randomBase64(24);
        ConfigurationException e = invalid(Map.of("API_KEY_SHA256", apiKey));
        assertEquals("API_KEY_SHA256", e.variable());
        assertFalse(e.getMessage().contains(apiKey));
    }

    @Test
    void from_whenApiKeyHashesValid_listsThem() {
        String a = "a".repeat(64);
        String b = "B0".repeat(32);
        assertEquals(List.of(a, b), Config.from(Map.of("API_KEY_SHA256", a + "," + b))
                .list(ConfigVariable.API_KEY_SHA256));
    }

    @Test
    void from_whenKmsRegionUnset_fallsBackToFcRegion() {
        assertEquals("cn-shanghai", Config.from(Map.of("FC_REGION", "cn-shanghai")).get(ConfigVariable.KMS_REGION));
    }

    @Test
    void from_whenKmsRegionSet_winsOverFcRegion() {
        assertEquals("cn-beijing", Config.from(Map.of("FC_REGION", "cn-shanghai", "KMS_REGION", "cn-beijing"))
                .get(ConfigVariable.KMS_REGION));
    }

    @Test
    void from_ignoresUnknownVariables() {
        Config config = Config.from(Map.of("PATH", "/usr/bin", "TOKEN_ALGORITHM_TYPO", "RS256"));
        assertEquals("HS256", config.get(ConfigVariable.TOKEN_ALGORITHM));
    }

    @Test
    void toString_namesSetVariablesButNoValues() {
        String secret = TestKeys.hs256Secret();
        Config config = Config.from(Map.of("TOKEN_SIGNING_KEYS", "k1=" + secret));
        assertEquals("Config[[TOKEN_SIGNING_KEYS]]", config.toString());
    }

    @Test
    void everyVariable_hasANonEmptyDescription() {
        for (ConfigVariable v : ConfigVariable.values()) {
            assertTrue(v.description() != null && v.description().trim().length() >= 10, v.name());
        }
    }

    @Test
    void variableNames_areUniqueEvenIgnoringCase() {
        Set<String> names = new HashSet<>();
        for (ConfigVariable v : ConfigVariable.values()) {
            assertTrue(names.add(v.name().toUpperCase(Locale.ROOT)), v.name());
            assertTrue(v.name().matches("[A-Z][A-Z0-9_]*"), v.name());
        }
    }

    @Test
    void variablesWithoutDefault_sayInTheirDescriptionWhenTheyAreRequired() {
        for (ConfigVariable v : ConfigVariable.values()) {
            if (v.defaultValue() == null) {
                assertTrue(v.description().contains("Required"), v.name() + " has no default but no 'Required'");
            }
        }
    }

    @Test
    void everyDefault_passesValidation() {
        Config config = Config.from(Map.of());
        for (ConfigVariable v : ConfigVariable.values()) {
            if (v.defaultValue() != null) {
                assertEquals(v.defaultValue(), config.get(v), v.name());
            }
        }
    }
}
