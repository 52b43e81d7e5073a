package io.github.vodhls.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration schema: every variable's kind, bounds and functions, and one parse that reports everything. */
class ConfigSchemaTest {

    @Test
    void everyDefault_isAValueItsOwnKindAccepts() {
        Map<String, String> none = Map.of();
        Config defaults = Config.from(none);
        for (ConfigVariable variable : ConfigVariable.values()) {
            if (variable.kind().type() == ValueKind.Type.INTEGER) {
                int value = defaults.integer(variable);
                assertTrue(value >= variable.kind().min() && value <= variable.kind().max(), variable.name());
            }
        }
    }

    @Test
    void everyVariable_isReadBySomeFunction_andSecretTwinsByTheirTargetsFunctions() {
        for (ConfigVariable variable : ConfigVariable.values()) {
            boolean used = false;
            for (FunctionName function : FunctionName.values()) {
                used |= variable.usedBy(function);
                if (variable.secretTarget() != null) {
                    assertEquals(variable.secretTarget().usedBy(function), variable.usedBy(function));
                    assertFalse(variable.requiredBy(function), variable + " is one way among two, never required");
                }
            }
            assertTrue(used, variable + " is read by no function");
        }
        assertTrue(ConfigVariable.KMS_KEY_ID.requiredBy(FunctionName.TOKEN));
        assertFalse(ConfigVariable.KMS_KEY_ID.usedBy(FunctionName.DECRYPT), "decrypt never generates keys");
        assertTrue(ConfigVariable.ORIGIN_BASE_URL.requiredBy(FunctionName.PLAYLIST));
    }

    @Test
    void badValues_areReportedAllAtOnce_evenForVariablesReadOnlyByAnotherFunction() {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_MAX_TTL_SECONDS", "a day");
        env.put("ORIGIN_TIMEOUT_MS", "5");
        env.put("BIND_CLIENT_IP", "yes");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Config.from(env));
        assertEquals("TOKEN_MAX_TTL_SECONDS, BIND_CLIENT_IP, ORIGIN_TIMEOUT_MS", e.variable());
        assertEquals("TOKEN_MAX_TTL_SECONDS: must be a whole number, got 'a day'; BIND_CLIENT_IP: must be true or "
                + "false, got 'yes'; ORIGIN_TIMEOUT_MS: must be between 100 and 60000, got 5", e.getMessage());
    }

    @Test
    void oneBound_forEveryReader() {
        Config config = Config.from(Map.of("TOKEN_MAX_TTL_SECONDS", "31536000", "TOKEN_MAX_MAX_USES", "1000000"));
        assertEquals(31_536_000, config.integer(ConfigVariable.TOKEN_MAX_TTL_SECONDS));
        ConfigurationException above = assertThrows(ConfigurationException.class,
                () -> Config.from(Map.of("TOKEN_MAX_TTL_SECONDS", "31536001")));
        assertEquals("TOKEN_MAX_TTL_SECONDS: must be between 1 and 31536000, got 31536001", above.getMessage());
    }

    @Test
    void forFunction_namesEveryRequiredVariableThatIsMissing() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Config.forFunction(Map.of(), FunctionName.UPLOAD_CALLBACK));
        assertEquals("DECRYPT_BASE_URL, VOD_TEMPLATE_GROUP_ID, TABLESTORE_ENDPOINT, TABLESTORE_INSTANCE, KMS_KEY_ID",
                e.variable());
        assertTrue(e.getMessage().contains("KMS_KEY_ID: is required by the upload-callback function but not set"),
                e.getMessage());
        ConfigurationException token = assertThrows(ConfigurationException.class,
                () -> Config.forFunction(Map.of("STORE", "memory"), FunctionName.TOKEN));
        assertEquals("TOKEN_SIGNING_KEYS, API_KEY_SHA256, DECRYPT_BASE_URL, KMS_KEY_ID", token.variable(),
                "STORE=memory spares the Tablestore ones");
        assertTrue(token.getMessage().contains("TOKEN_SIGNING_KEYS: is required by the token function but not set "
                + "(nor TOKEN_SIGNING_KEYS_SECRET)"), token.getMessage());
    }

    @Test
    void unusedBy_listsWhatTheFunctionDoesNotRead() {
        Config config = Config.from(Map.of("KMS_KEY_ID", "k", "ORIGIN_BASE_URL", "https://o.example/",
                "TOKEN_ISSUER", "me", "KMS_REGION", "cn-shanghai"));
        assertEquals(List.of("ORIGIN_BASE_URL", "KMS_KEY_ID"), config.unusedBy(FunctionName.DECRYPT), "in the order of the reference");
        assertEquals(List.of("ORIGIN_BASE_URL"), config.unusedBy(FunctionName.TOKEN));
    }

    @Test
    void aCleartextCallbackUrl_isRefused_unlessLoopbackOrExplicitlyAllowed() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Config.from(Map.of("VOD_CALLBACK_URL", "http://callback.example.com/vod")));
        assertTrue(e.getMessage().startsWith("VOD_CALLBACK_URL: must be https"), e.getMessage());
        Config.from(Map.of("VOD_CALLBACK_URL", "https://callback.example.com/vod"));
        Config.from(Map.of("VOD_CALLBACK_URL", "http://127.0.0.1:8080/callback"));
        Config.from(Map.of("VOD_CALLBACK_URL", "http://callback.example.com/vod", "VOD_CALLBACK_ALLOW_HTTP", "true"));
    }
}
