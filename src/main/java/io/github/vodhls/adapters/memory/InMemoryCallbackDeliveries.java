package io.github.vodhls.adapters.memory;

import io.github.vodhls.core.video.CallbackDeliveries;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link CallbackDeliveries} in one JVM's memory: for tests and benchmarks. Each bind is one
 * {@link ConcurrentMap#compute} on the pair's entry, atomic like the stores' conditional writes; expired bindings are
 * swept whenever the map has grown past {@value #SWEEP_ABOVE} entries.
 */
public final class InMemoryCallbackDeliveries implements CallbackDeliveries {
    static final int SWEEP_ABOVE = 10_000;

    private static final class Bound {
        final String bodySha256;
        final Instant expiresAt;

        Bound(String bodySha256, Instant expiresAt) {
            this.bodySha256 = bodySha256;
            this.expiresAt = expiresAt;
        }
    }

    private final ConcurrentMap<String, Bound> bindings = new ConcurrentHashMap<>();

    @Override
    public Binding bind(String pairId, String bodySha256, Instant expiresAt, Instant now) {
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(now, "now");
        if (bindings.size() > SWEEP_ABOVE) {
            bindings.values().removeIf(bound -> bound.expiresAt.isBefore(now));
        }
        Binding[] result = new Binding[1];
        bindings.compute(pairId, (id, current) -> {
            if (current == null || current.expiresAt.isBefore(now)) {
                result[0] = Binding.FIRST;
                return new Bound(bodySha256, expiresAt);
            }
            result[0] = current.bodySha256.equals(bodySha256) ? Binding.SAME_BODY : Binding.OTHER_BODY;
            return current;
        });
        return result[0];
    }

    /** How many bindings are held (expired ones until the next sweep). */
    int size() {
        return bindings.size();
    }
}
