package io.github.vodhls.core.keys;

import io.github.vodhls.core.error.ConfigurationException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The key management services one function can reach, each adapter made on its first use, and the one that makes new
 * data keys (KEY_SERVICE). The decrypt function holds both, because a video keeps the service that made its key for
 * good: after a switch, old videos still open through the old service. A function instance that only ever sees one
 * kind of key never builds the other adapter (a cold start pays only for what it calls).
 */
public final class KeyServices {
    private final KeyService generating;
    private final Map<KeyService, Lazy> services = new EnumMap<>(KeyService.class);

    /**
     * @param generating the service new data keys come from; must be among {@code services}
     * @param services the adapter of each reachable service, built on first use
     */
    public KeyServices(KeyService generating, Map<KeyService, ? extends Supplier<? extends KeyManagement>> services) {
        this.generating = Objects.requireNonNull(generating, "generating");
        services.forEach((service, factory) -> this.services.put(service, new Lazy(Objects.requireNonNull(factory))));
        if (!this.services.containsKey(generating)) {
            throw new IllegalArgumentException("the generating service " + generating.code() + " has no adapter");
        }
    }

    /** One service, already built, that makes and opens every key. */
    public static KeyServices of(KeyService service, KeyManagement keyManagement) {
        Objects.requireNonNull(keyManagement, "keyManagement");
        return new KeyServices(service, Map.of(service, () -> keyManagement));
    }

    /**
     * The same services, each adapter wrapped by {@code wrap} (given the service and its adapter) when it is first
     * built; nothing is built now.
     */
    public KeyServices wrapped(java.util.function.BiFunction<KeyService, KeyManagement, KeyManagement> wrap) {
        Map<KeyService, Supplier<KeyManagement>> wrapped = new EnumMap<>(KeyService.class);
        services.forEach((service, lazy) -> wrapped.put(service, () -> wrap.apply(service, lazy.get())));
        return new KeyServices(generating, wrapped);
    }

    /** The service new data keys come from. */
    public KeyService generating() {
        return generating;
    }

    /** The adapter of {@link #generating()}. */
    public KeyManagement generator() {
        return forService(generating);
    }

    /**
     * The adapter of {@code service}, built now if it is the first call.
     *
     * @throws ConfigurationException (KEY_SERVICE) when this function cannot reach that service: a key made by a
     *     service the deployment does not wire is a setup fault, never opened by another service
     */
    public KeyManagement forService(KeyService service) {
        Lazy lazy = services.get(Objects.requireNonNull(service, "service"));
        if (lazy == null) {
            throw new ConfigurationException("KEY_SERVICE", "a registered key was made by " + service.code()
                    + ", which this function cannot reach");
        }
        return lazy.get();
    }

    /** Whether the adapter of {@code service} has been built (for tests of the laziness). */
    public boolean isBuilt(KeyService service) {
        Lazy lazy = services.get(service);
        return lazy != null && lazy.value != null;
    }

    @Override
    public String toString() {
        return "KeyServices[generating=" + generating.code() + ", reachable=" + services.keySet() + "]";
    }

    /** One adapter, built by the first caller; concurrent first callers share it. */
    private static final class Lazy {
        private final Supplier<? extends KeyManagement> factory;
        private volatile KeyManagement value;

        Lazy(Supplier<? extends KeyManagement> factory) {
            this.factory = factory;
        }

        KeyManagement get() {
            KeyManagement v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = Objects.requireNonNull(factory.get(), "key management factory returned null");
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
