package io.github.vodhls.wiring;

import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.config.Config;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.core.keys.KeyManagement;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/** Builds the FC functions' object graphs from the environment: the only class that reads it. */
public final class Wiring {
    private final Map<String, String> environment;
    private final Clock clock;
    private final SecureRandom random;

    public Wiring(Map<String, String> environment, Clock clock, SecureRandom random) {
        this.environment = environment;
        this.clock = clock;
        this.random = random;
    }

    public static Wiring fromEnvironment() {
        return new Wiring(System.getenv(), Clock.systemUTC(), new SecureRandom());
    }

    public FunctionGraph tokenFunction() {
        try {
            Config config = Config.from(environment);
            return new Endpoints(config, clock, random).token(backends(config));
        } catch (ConfigurationException e) {
            return FunctionGraph.failed(e);
        }
    }

    public FunctionGraph decryptFunction() {
        try {
            Config config = Config.from(environment);
            return new Endpoints(config, clock, random).decrypt(backends(config));
        } catch (ConfigurationException e) {
            return FunctionGraph.failed(e);
        }
    }

    private Backends backends(Config config) {
        if (!"memory".equals(config.choice(ConfigVariable.STORE))) {
            throw new ConfigurationException(ConfigVariable.STORE.name(), "tablestore wiring pending");
        }
        KeyManagement kms = new KeyManagement() {
            @Override
            public DataKey generateDataKey() {
                throw new ConfigurationException(ConfigVariable.KMS_KEY_ID.name(), "pending");
            }

            @Override
            public byte[] decrypt(String ciphertext) {
                throw new ConfigurationException(ConfigVariable.KMS_KEY_ID.name(), "pending");
            }
        };
        return new Backends(kms, new InMemoryTokenStore(), new InMemoryVideoKeyRegistry(), context -> { });
    }
}
