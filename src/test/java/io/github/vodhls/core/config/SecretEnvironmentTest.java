package io.github.vodhls.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.FakeSecrets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code *_SECRET} variables resolved into the variables they stand for. */
class SecretEnvironmentTest {
    private final FakeSecrets secrets = new FakeSecrets();

    @Test
    void everySecretVariable_standsForAVariableThatExists_andBackAgain() {
        int twins = 0;
        for (ConfigVariable variable : ConfigVariable.values()) {
            ConfigVariable target = variable.secretTarget();
            if (target != null) {
                assertEquals(target.name() + "_SECRET", variable.name());
                assertEquals(variable, target.secretVariable());
                assertEquals("", variable.defaultValue());
                twins++;
            }
        }
        assertEquals(8, twins);
        assertEquals(null, ConfigVariable.ENTITLEMENT_WEBHOOK_URL.secretVariable());
    }

    @Test
    void resolve_putsTheTrimmedValueUnderTheTargetName_andKeepsEverythingElse() {
        secrets.put("api-keys", "  " + "a".repeat(64) + "\n");
        Map<String, String> env = Map.of("API_KEY_SHA256_SECRET", "api-keys", "FC_REGION", "cn-shanghai");
        SecretEnvironment resolved = SecretEnvironment.resolve(env, secrets);
        assertEquals("a".repeat(64), resolved.environment().get("API_KEY_SHA256"));
        assertEquals("cn-shanghai", resolved.environment().get("FC_REGION"));
        assertEquals(Map.of(ConfigVariable.API_KEY_SHA256_SECRET, "api-keys"), resolved.secretNames());
        assertFalse(resolved.toString().contains("aaaa"), resolved.toString());
    }

    @Test
    void fingerprint_changesWithAnyValue_andOnlyThen() {
        secrets.put("s1", "k1=AAAA").put("s2", "x");
        Map<String, String> env = Map.of("TOKEN_SIGNING_KEYS_SECRET", "s1", "VOD_CALLBACK_PRIVATE_KEY_SECRET", "s2");
        String first = SecretEnvironment.resolve(env, secrets).fingerprint();
        assertEquals(first, SecretEnvironment.resolve(env, secrets).fingerprint());
        secrets.put("s2", "y");
        assertNotEquals(first, SecretEnvironment.resolve(env, secrets).fingerprint());
    }

    @Test
    void emptyEnvironment_readsNothing() {
        Map<String, String> env = new HashMap<>();
        env.put("TOKEN_SIGNING_KEYS_SECRET", " ");
        assertFalse(SecretEnvironment.usesSecrets(env));
        SecretEnvironment.resolve(env, secrets);
        assertEquals(0, secrets.reads());
    }

    @Test
    void badSecrets_areRefusedNamingTheVariable_neverShowingTheValue() {
        secrets.put("empty", "  \n").put("huge", "x".repeat(SecretEnvironment.MAX_SECRET_CHARS + 1));
        ConfigurationException empty = assertThrows(ConfigurationException.class, () -> SecretEnvironment.resolve(
                Map.of("LOGIN_HMAC_SECRETS_SECRET", "empty"), secrets));
        assertEquals("LOGIN_HMAC_SECRETS_SECRET: the secret 'empty' is empty", empty.getMessage());
        ConfigurationException huge = assertThrows(ConfigurationException.class, () -> SecretEnvironment.resolve(
                Map.of("LOGIN_HMAC_SECRETS_SECRET", "huge"), secrets));
        assertTrue(huge.getMessage().endsWith("has 65537 characters, at most 65536 are accepted"), huge.getMessage());
        int reads = secrets.reads();
        for (String pasted : java.util.List.of("k1=c2VjcmV0Zm9yLXRlc3Rz", "k1 c2Vj", "y".repeat(192))) {
            Map<String, String> env = Map.of("LOGIN_HMAC_SECRETS_SECRET", pasted + "x");
            ConfigurationException name = assertThrows(ConfigurationException.class,
                    () -> SecretEnvironment.resolve(env, secrets));
            assertEquals("LOGIN_HMAC_SECRETS_SECRET: must be the name of a KMS secret (1-192 letters, digits and "
                    + "_/+.@-), not its value", name.getMessage(), pasted);
        }
        assertEquals(reads, secrets.reads(), "a value pasted where the name belongs is never sent to KMS");
    }

    @Test
    void sourceOutage_isSecretsUnavailable() {
        secrets.put("s", "v");
        secrets.outage(true);
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> SecretEnvironment.resolve(Map.of("ENTITLEMENT_WEBHOOK_SECRET_SECRET", "s"), secrets));
        assertEquals(ErrorCode.SECRETS_UNAVAILABLE, e.errorCode());
    }
}
