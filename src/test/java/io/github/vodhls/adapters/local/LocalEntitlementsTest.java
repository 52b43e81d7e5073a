package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.entitlement.EntitlementsContract;
import org.junit.jupiter.api.Test;

/** The local stack's in-memory rule: denied pairs, either side may be {@code *}; it always has its answer. */
class LocalEntitlementsTest extends EntitlementsContract {
    private final LocalEntitlements local = new LocalEntitlements();

    @Override
    protected Entitlements entitlements() {
        return local;
    }

    @Override
    protected void deny(String userId, String videoId) {
        local.set(userId, videoId, false);
    }

    @Override
    protected void answerable(boolean answerable) {
        throw new UnsupportedOperationException("the in-memory rule always answers");
    }

    @Override
    protected boolean canBeUnanswerable() {
        return false;
    }

    @Test
    void mayWatch_whenAUserOrAVideoIsDeniedWithAWildcard_isFalseForEveryMatchingPair() {
        local.set("mallory", "*", false);
        local.set("*", "withdrawn", false);

        assertFalse(local.mayWatch("mallory", "video-1"));
        assertFalse(local.mayWatch("alice", "withdrawn"));
        assertTrue(local.mayWatch("alice", "video-1"));
    }

    @Test
    void mayWatch_whenADeniedPairIsAllowedAgain_isTrue() {
        local.set("alice", "paid", false);
        local.set("*", "*", false);
        assertFalse(local.mayWatch("alice", "paid"));

        local.set("*", "*", true);
        assertFalse(local.mayWatch("alice", "paid"));
        local.set("alice", "paid", true);
        assertTrue(local.mayWatch("alice", "paid"));
    }
}
