package io.github.vodhls.testing;

import io.github.vodhls.core.config.SecretSource;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SecretSource} over a map, failing as KMS Secrets Manager does: an unknown name is a configuration error
 * (KMS answers {@code Forbidden.ResourceNotFound}), and {@link #outage(boolean)} makes every read fail with
 * {@code SECRETS_UNAVAILABLE}. Counts reads so tests can assert when secrets are (re-)read.
 */
public final class FakeSecrets implements SecretSource {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean outage;

    public FakeSecrets put(String name, String value) {
        values.put(name, value);
        return this;
    }

    /** While on, every read fails as a throttled or unreachable KMS does. */
    public void outage(boolean on) {
        outage = on;
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public String read(String secretName) {
        reads.incrementAndGet();
        if (outage) {
            throw new DependencyUnavailableException(ErrorCode.SECRETS_UNAVAILABLE,
                    "secret '" + secretName + "': KMS GetSecretValue failed: Rejected.Throttling (request id fake)");
        }
        String value = values.get(secretName);
        if (value == null) {
            throw new ConfigurationException("KMS secret '" + secretName + "'", "does not exist in this region");
        }
        return value;
    }
}
