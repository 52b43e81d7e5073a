package io.github.vodhls.core.entitlement;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CachingEntitlements} with real caches (a minute for "yes", ten seconds for "no") over a rule that fails like
 * the webhook does when it cannot be asked: repeated questions are answered from the cache, and the contract holds
 * through it. The TTLs themselves are {@link CachingEntitlementsTest}'s.
 */
class CachingEntitlementsContractTest extends EntitlementsContract {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final Rule rule = new Rule();

    /** Everything allowed but the denied pairs; while unanswerable, ENTITLEMENT_UNAVAILABLE as the port says. */
    private static final class Rule implements Entitlements {
        final Set<String> denied = ConcurrentHashMap.newKeySet();
        volatile boolean answerable = true;

        @Override
        public boolean mayWatch(String userId, String videoId) {
            if (!answerable) {
                throw new DependencyUnavailableException(ErrorCode.ENTITLEMENT_UNAVAILABLE, "the rule cannot be asked");
            }
            return !denied.contains(userId + '\0' + videoId);
        }
    }

    @Override
    protected Entitlements entitlements() {
        return new CachingEntitlements(rule, new BoundedTtlCache<>(100, Duration.ofSeconds(60), clock),
                new BoundedTtlCache<>(100, Duration.ofSeconds(10), clock));
    }

    @Override
    protected void deny(String userId, String videoId) {
        rule.denied.add(userId + '\0' + videoId);
    }

    @Override
    protected void answerable(boolean answerable) {
        rule.answerable = answerable;
    }
}
