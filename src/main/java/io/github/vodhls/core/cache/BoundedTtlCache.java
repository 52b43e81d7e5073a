package io.github.vodhls.core.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A per-instance LRU cache bounded in entries and in time. Only for values that never change for their key (the
 * plaintext of a ciphertext, a video's registration): it holds no state that instances must agree on.
 */
public final class BoundedTtlCache<K, V> {

    private static final class Slot<V> {
        final V value;
        final long expiresAtMillis;

        Slot(V value, long expiresAtMillis) {
            this.value = value;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final int maxEntries;
    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<K, Slot<V>> entries;

    public BoundedTtlCache(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative");
        }
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = new LinkedHashMap<K, Slot<V>>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Slot<V>> eldest) {
                return size() > BoundedTtlCache.this.maxEntries;
            }
        };
    }

    /** The cached value, or null when absent or expired. */
    public synchronized V get(K key) {
        Slot<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.expiresAtMillis) {
            entries.remove(key);
            return null;
        }
        return entry.value;
    }

    public synchronized void put(K key, V value) {
        if (maxEntries == 0 || ttlMillis <= 0) {
            return;
        }
        entries.put(key, new Slot<>(value, clock.millis() + ttlMillis));
    }

    /**
     * Caches the value until the cache's time to live runs out or {@code notAfter}, whichever comes first; a
     * {@code notAfter} that is not in the future caches nothing (for values that carry an expiry of their own).
     */
    public synchronized void put(K key, V value, java.time.Instant notAfter) {
        long now = clock.millis();
        long expiresAt = Math.min(now + ttlMillis, notAfter.toEpochMilli());
        if (maxEntries == 0 || ttlMillis <= 0 || expiresAt <= now) {
            entries.remove(key);
            return;
        }
        entries.put(key, new Slot<>(value, expiresAt));
    }

    /**
     * The cached value, or the loader's result, cached. The loader runs outside the lock (a slow KMS call must not
     * block other keys); two concurrent misses of one key may both load, which is harmless for immutable values.
     */
    public V computeIfAbsent(K key, Function<K, V> loader) {
        V cached = get(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.apply(key);
        if (loaded != null) {
            put(key, loaded);
        }
        return loaded;
    }

    public synchronized int size() {
        return entries.size();
    }
}
