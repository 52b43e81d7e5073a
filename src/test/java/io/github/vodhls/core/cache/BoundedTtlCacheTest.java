package io.github.vodhls.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedTtlCacheTest {
    private final MutableClock clock = MutableClock.atDefaultStart();

    @Test
    void get_whenPutAndNotExpired_returnsValue() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(60), clock);
        cache.put("a", "1");
        clock.advanceMillis(59_999);
        assertEquals("1", cache.get("a"));
    }

    @Test
    void get_whenTtlReached_returnsNullAndDropsEntry() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(60), clock);
        cache.put("a", "1");
        clock.advanceMillis(60_000);
        assertNull(cache.get("a"));
        assertEquals(0, cache.size());
    }

    @Test
    void put_beyondMaxEntries_evictsLeastRecentlyUsed() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(2, Duration.ofSeconds(60), clock);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.get("a"); // a is now more recent than b
        cache.put("c", "3");

        assertEquals(2, cache.size());
        assertEquals("1", cache.get("a"));
        assertNull(cache.get("b"));
        assertEquals("3", cache.get("c"));
    }

    @Test
    void put_whenMaxEntriesZeroOrTtlZero_cachesNothing() {
        BoundedTtlCache<String, String> none = new BoundedTtlCache<>(0, Duration.ofSeconds(60), clock);
        none.put("a", "1");
        assertNull(none.get("a"));
        BoundedTtlCache<String, String> noTime = new BoundedTtlCache<>(10, Duration.ZERO, clock);
        noTime.put("a", "1");
        assertNull(noTime.get("a"));
        assertEquals(0, noTime.size());
    }

    @Test
    void constructor_whenMaxEntriesNegative_fails() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedTtlCache<String, String>(-1,
                Duration.ofSeconds(1), clock));
    }

    @Test
    void computeIfAbsent_loadsOnceThenServesFromCacheUntilExpiry() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(10), clock);
        AtomicInteger loads = new AtomicInteger();

        assertEquals("v1", cache.computeIfAbsent("k", k -> "v" + loads.incrementAndGet()));
        assertEquals("v1", cache.computeIfAbsent("k", k -> "v" + loads.incrementAndGet()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("v2", cache.computeIfAbsent("k", k -> "v" + loads.incrementAndGet()));
        assertEquals(2, loads.get());
    }

    @Test
    void computeIfAbsent_whenLoaderReturnsNull_cachesNothing() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(10), clock);
        AtomicInteger loads = new AtomicInteger();
        assertNull(cache.computeIfAbsent("k", k -> {
            loads.incrementAndGet();
            return null;
        }));
        assertEquals("x", cache.computeIfAbsent("k", k -> {
            loads.incrementAndGet();
            return "x";
        }));
        assertEquals(2, loads.get());
    }

    @Test
    void computeIfAbsent_whenLoaderThrows_propagatesAndCachesNothing() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(10), clock);
        assertThrows(IllegalStateException.class, () -> cache.computeIfAbsent("k", k -> {
            throw new IllegalStateException("down");
        }));
        assertEquals(0, cache.size());
    }

    @Test
    void putWithAnEndOfItsOwn_expiresAtTheEarlierOfTheEndAndTheTtl_andAnEndNotInTheFutureCachesNothing() {
        BoundedTtlCache<String, String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(60), clock);
        cache.put("soon", "a", clock.instant().plusSeconds(10));
        cache.put("late", "b", clock.instant().plusSeconds(600));
        cache.put("past", "c", clock.instant());
        assertNull(cache.get("past"));
        clock.advanceMillis(9_999);
        assertEquals("a", cache.get("soon"));
        clock.advanceMillis(1);
        assertNull(cache.get("soon"));
        clock.advanceMillis(49_999);
        assertEquals("b", cache.get("late"));
        clock.advanceMillis(1);
        assertNull(cache.get("late"), "never past the cache's own time to live");
    }
}
