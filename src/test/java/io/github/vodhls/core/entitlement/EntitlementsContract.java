package io.github.vodhls.core.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Entitlements} must have. Each implementation's test extends this class and provides the
 * customer's rule behind it: everything allowed except the pairs it is told to deny.
 *
 * <p>The contract: the answer is the rule's, per user and video pair (another user, another video, or ids that would
 * concatenate alike are other questions), and asking again gives the same answer; when no answer can be had the
 * call fails closed with {@code ENTITLEMENT_UNAVAILABLE} for allowed and denied pairs alike, never a guessed "yes";
 * and a failure is not remembered, so once the rule can be asked again its answer comes back.
 */
public abstract class EntitlementsContract {

    /** Entitlements over a fresh rule that allows everything so far. */
    protected abstract Entitlements entitlements();

    /** Makes the rule behind {@link #entitlements()} refuse this user this video; called before asking. */
    protected abstract void deny(String userId, String videoId);

    /** Makes the rule behind {@link #entitlements()} unanswerable ({@code false}) or answering again ({@code true}). */
    protected abstract void answerable(boolean answerable);

    /** False for an implementation that allows everyone everything (its whole rule is "yes"). */
    protected boolean canDeny() {
        return true;
    }

    /** False for an implementation that always has its answer at hand (an in-memory rule). */
    protected boolean canBeUnanswerable() {
        return true;
    }

    @Test
    void mayWatch_whenTheRuleAllows_isTrueEveryTime() {
        Entitlements entitlements = entitlements();

        assertTrue(entitlements.mayWatch("user-1", "video-1"));
        assertTrue(entitlements.mayWatch("user-1", "video-1"));
        assertTrue(entitlements.mayWatch("user.2@example.com", "9ae2af636ca6c10412f44891fc0000"));
    }

    @Test
    void mayWatch_whenTheRuleDeniesThePair_isFalseEveryTime() {
        if (!canDeny()) {
            assertTrue(entitlements().mayWatch("alice", "paid-video"), "this implementation allows everything");
            return;
        }
        Entitlements entitlements = entitlements();
        deny("alice", "paid-video");

        assertFalse(entitlements.mayWatch("alice", "paid-video"));
        assertFalse(entitlements.mayWatch("alice", "paid-video"));
    }

    @Test
    void mayWatch_whenAnotherPairIsDenied_isTrueForOtherUsersAndOtherVideos() {
        if (!canDeny()) {
            assertTrue(entitlements().mayWatch("alice", "paid-video"), "this implementation allows everything");
            return;
        }
        Entitlements entitlements = entitlements();
        deny("alice", "paid-video");

        assertTrue(entitlements.mayWatch("bob", "paid-video"), "another user, the same video");
        assertTrue(entitlements.mayWatch("alice", "free-video"), "the same user, another video");
        assertFalse(entitlements.mayWatch("alice", "paid-video"));
        assertTrue(entitlements.mayWatch("bob", "paid-video"));
    }

    @Test
    void mayWatch_whenIdsWouldConcatenateAlike_keepsThePairsApart() {
        if (!canDeny()) {
            assertTrue(entitlements().mayWatch("alice", "paid-video"), "this implementation allows everything");
            return;
        }
        Entitlements entitlements = entitlements();
        deny("a:b", "c");
        deny("a", "b@c");

        for (int round = 0; round < 2; round++) {
            assertFalse(entitlements.mayWatch("a:b", "c"));
            assertTrue(entitlements.mayWatch("a", "b:c"));
            assertFalse(entitlements.mayWatch("a", "b@c"));
            assertTrue(entitlements.mayWatch("a@b", "c"));
        }
    }

    @Test
    void mayWatch_whenNoAnswerCanBeHad_isEntitlementUnavailableForAllowedAndDeniedPairs() {
        if (!canBeUnanswerable()) {
            assertTrue(entitlements().mayWatch("alice", "free-video"), "it always has its answer");
            return;
        }
        Entitlements entitlements = entitlements();
        if (canDeny()) {
            deny("alice", "paid-video");
        }
        answerable(false);

        for (String video : new String[] {"free-video", "paid-video"}) {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> entitlements.mayWatch("alice", video), video);
            assertEquals(ErrorCode.ENTITLEMENT_UNAVAILABLE, e.errorCode(), video);
        }
    }

    @Test
    void mayWatch_afterTheRuleCanBeAskedAgain_answersAgain() {
        if (!canBeUnanswerable()) {
            assertTrue(entitlements().mayWatch("alice", "free-video"), "it always has its answer");
            return;
        }
        Entitlements entitlements = entitlements();
        if (canDeny()) {
            deny("alice", "paid-video");
        }
        answerable(false);
        assertThrows(DependencyUnavailableException.class, () -> entitlements.mayWatch("alice", "free-video"));
        assertThrows(DependencyUnavailableException.class, () -> entitlements.mayWatch("alice", "paid-video"));

        answerable(true);

        assertTrue(entitlements.mayWatch("alice", "free-video"));
        assertEquals(!canDeny(), entitlements.mayWatch("alice", "paid-video"));
    }
}
