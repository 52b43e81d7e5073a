package io.github.vodhls.core.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers are remembered per pair: "yes" for the allow TTL, "no" for the deny TTL, failures never. */
class CachingEntitlementsTest {
    private static final Duration ALLOW_TTL = Duration.ofSeconds(60);
    private static final Duration DENY_TTL = Duration.ofSeconds(10);

    /** Answers from a table (user + '\0' + video), counting every question; can be switched to fail. */
    private static final class ScriptedEntitlements implements Entitlements {
        final Map<String, Boolean> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        boolean down;

        void answer(String userId, String videoId, boolean allowed) {
            answers.put(userId + '\0' + videoId, allowed);
        }

        @Override
        public boolean mayWatch(String userId, String videoId) {
            asked.add(userId + " / " + videoId);
            if (down) {
                throw new DependencyUnavailableException(ErrorCode.ENTITLEMENT_UNAVAILABLE, "backend down");
            }
            return answers.getOrDefault(userId + '\0' + videoId, false);
        }
    }

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final ScriptedEntitlements backend = new ScriptedEntitlements();
    private final CachingEntitlements caching = new CachingEntitlements(backend,
            new BoundedTtlCache<>(100, ALLOW_TTL, clock), new BoundedTtlCache<>(100, DENY_TTL, clock));

    @Test
    void mayWatch_whenAllowed_isRememberedForTheAllowTtl() {
        backend.answer("u", "v", true);

        assertTrue(caching.mayWatch("u", "v"));
        clock.advance(ALLOW_TTL.minusMillis(1));
        assertTrue(caching.mayWatch("u", "v"));
        assertEquals(1, backend.asked.size());

        backend.answer("u", "v", false);
        clock.advanceMillis(1);
        assertFalse(caching.mayWatch("u", "v"));
        assertEquals(2, backend.asked.size());
    }

    @Test
    void mayWatch_whenDenied_isRememberedForTheShorterDenyTtl() {
        backend.answer("u", "v", false);

        assertFalse(caching.mayWatch("u", "v"));
        clock.advance(DENY_TTL.minusMillis(1));
        assertFalse(caching.mayWatch("u", "v"));
        assertEquals(1, backend.asked.size());

        backend.answer("u", "v", true); // the purchase went through
        clock.advanceMillis(1);
        assertTrue(caching.mayWatch("u", "v"));
        assertEquals(2, backend.asked.size());
    }

    @Test
    void mayWatch_whenBackendFails_isNotCachedAndAskedAgain() {
        backend.down = true;

        DependencyUnavailableException first = assertThrows(DependencyUnavailableException.class,
                () -> caching.mayWatch("u", "v"));
        assertSame(ErrorCode.ENTITLEMENT_UNAVAILABLE, first.errorCode());
        assertThrows(DependencyUnavailableException.class, () -> caching.mayWatch("u", "v"));
        assertEquals(2, backend.asked.size());

        backend.down = false;
        backend.answer("u", "v", true);
        assertTrue(caching.mayWatch("u", "v"));
        assertEquals(3, backend.asked.size());
    }

    @Test
    void mayWatch_whenPairsWouldConcatenateAlike_keepsThemApart() {
        backend.answer("a:b", "c", true);
        backend.answer("a", "b:c", false);
        backend.answer("a/b", "c", true);
        backend.answer("a", "b/c", false);

        assertTrue(caching.mayWatch("a:b", "c"));
        assertFalse(caching.mayWatch("a", "b:c"));
        assertTrue(caching.mayWatch("a/b", "c"));
        assertFalse(caching.mayWatch("a", "b/c"));
        // cached now: the same answers again, without asking
        assertTrue(caching.mayWatch("a:b", "c"));
        assertFalse(caching.mayWatch("a", "b:c"));
        assertTrue(caching.mayWatch("a/b", "c"));
        assertFalse(caching.mayWatch("a", "b/c"));
        assertEquals(4, backend.asked.size());
    }

    @Test
    void mayWatch_forOtherUsersOrVideos_asksAgain() {
        backend.answer("u1", "v1", true);

        assertTrue(caching.mayWatch("u1", "v1"));
        assertFalse(caching.mayWatch("u2", "v1"));
        assertFalse(caching.mayWatch("u1", "v2"));
        assertEquals(List.of("u1 / v1", "u2 / v1", "u1 / v2"), backend.asked);
    }

    @Test
    void mayWatch_whenTtlsAreZero_alwaysAsks() {
        CachingEntitlements uncached = new CachingEntitlements(backend,
                new BoundedTtlCache<>(100, Duration.ZERO, clock), new BoundedTtlCache<>(100, Duration.ZERO, clock));
        backend.answer("u", "v", true);

        assertTrue(uncached.mayWatch("u", "v"));
        assertTrue(uncached.mayWatch("u", "v"));
        assertEquals(2, backend.asked.size());
    }
}
