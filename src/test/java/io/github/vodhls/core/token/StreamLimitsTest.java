package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.LimitExceededException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream-limit rules on a viewer's state, without a store. */
class StreamLimitsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final long NOW_MS = NOW.toEpochMilli();
    private static final StreamLimits REFUSE_3 = new StreamLimits(30, 3, StreamLimits.Policy.REFUSE);
    private static final StreamLimits REPLACE_3 = new StreamLimits(30, 3, StreamLimits.Policy.REPLACE_OLDEST);

    private static LiveToken token(String id, String video, String device, long issuedAgo, long expiresIn) {
        return new LiveToken(id, video, device, NOW.minusSeconds(issuedAgo), NOW.plusSeconds(expiresIn));
    }

    private static final LiveToken NEW = new LiveToken("new", "video-N", null, NOW, NOW.plusSeconds(3600));

    private static ViewerStreams state(List<Long> issues, LiveToken... live) {
        return ViewerStreams.none().atVersion(4).with(issues, List.of(live));
    }

    @Test
    void admit_underBothLimits_countsTheRequestAndTheToken_andDropsWhatNoLongerCounts() {
        LiveToken expired = token("old", "video-1", null, 4000, 0);
        LiveToken live = token("a", "video-2", null, 100, 3500);
        StreamLimits.Admission a = REFUSE_3.admit("alice", state(List.of(NOW_MS - 60_000, NOW_MS - 59_999), expired,
                live), NEW, NOW);
        assertNull(a.refusal());
        assertEquals(List.of(NOW_MS - 59_999, NOW_MS), a.next().issuedAtMillis(), "a request 60 s old has left");
        assertEquals(List.of(live, NEW), a.next().live(), "a token at its exp is no longer live");
        assertEquals(4, a.next().version(), "derived from the state read");
        assertEquals(List.of(), a.replaced());
        assertFalse(a.atStreamLimit());
    }

    @Test
    void admit_atTheRate_isRateLimited_untilTheOldestCountedRequestLeavesTheWindow() {
        StreamLimits two = new StreamLimits(2, 5, StreamLimits.Policy.REFUSE);
        StreamLimits.Admission a = two.admit("alice", state(List.of(NOW_MS - 100, NOW_MS - 20_500)), NEW, NOW);
        LimitExceededException e = a.refusal();
        assertEquals(ErrorCode.RATE_LIMITED, e.errorCode());
        assertEquals(40, e.retryAfterSeconds(), "the request 20.5 s old leaves in 39.5 s");
        assertEquals("viewer alice requested 2 tokens in the last 60 s (limit 2); retry in 40 s", e.getMessage());
        assertNull(a.next());
        assertFalse(a.atStreamLimit());
    }

    @Test
    void admit_whenMoreThanTheRateAreCounted_waitsUntilAllButRateMinusOneHaveLeft() {
        StreamLimits two = new StreamLimits(2, 5, StreamLimits.Policy.REFUSE);
        LimitExceededException e = two.admit("alice", state(List.of(NOW_MS - 1000, NOW_MS - 2000, NOW_MS - 3000,
                NOW_MS - 4000)), NEW, NOW).refusal();
        assertEquals(58, e.retryAfterSeconds(), "once the three oldest (4, 3 and 2 s old) have left");
        assertEquals(1, two.admit("alice", state(List.of(NOW_MS - 59_999, NOW_MS - 59_998)), NEW, NOW).refusal()
                .retryAfterSeconds(), "never less than 1 s");
    }

    @Test
    void admit_atTheStreamLimit_refuses_untilTheNextTokenExpires() {
        StreamLimits.Admission a = REFUSE_3.admit("alice", state(List.of(), token("a", "v1", null, 10, 600),
                token("b", "v2", null, 5, 120), token("c", "v3", "tv", 1, 900)), NEW, NOW);
        assertEquals(ErrorCode.TOO_MANY_STREAMS, a.refusal().errorCode());
        assertEquals(120, a.refusal().retryAfterSeconds());
        assertEquals("viewer alice already has 3 live tokens (limit 3); retry in 120 s, when one ends at the latest "
                + "(its play session's cap), or sooner once one stops playing", a.refusal().getMessage());
        assertTrue(a.atStreamLimit());
    }

    @Test
    void slots_areTheDevice_orWithoutOne_theVideo() {
        LiveToken tvA = token("1", "video-A", "tv", 1, 60);
        assertTrue(tvA.sameSlot(token("2", "video-B", "tv", 1, 60)), "a screen plays one stream");
        assertFalse(tvA.sameSlot(token("3", "video-A", "phone", 1, 60)));
        assertFalse(tvA.sameSlot(token("4", "video-A", null, 1, 60)));
        assertFalse(token("4", "video-A", null, 1, 60).sameSlot(tvA));
        assertTrue(token("5", "video-A", null, 1, 60).sameSlot(token("6", "video-A", null, 1, 60)));
        assertFalse(token("5", "video-A", null, 1, 60).sameSlot(token("7", "video-B", null, 1, 60)));
    }

    @Test
    void admit_onTheSameDevice_replacesItsTokenForAnyVideo_evenAtTheLimit() {
        LiveToken tv = token("a", "video-1", "tv", 10, 600);
        StreamLimits.Admission a = REFUSE_3.admit("alice", state(List.of(), tv, token("b", "video-2", "phone", 5, 600),
                token("c", "video-3", null, 1, 900)), new LiveToken("new", "video-4", "tv", NOW, NOW.plusSeconds(60)),
                NOW);
        assertNull(a.refusal());
        assertEquals(List.of(tv), a.replaced());
        assertEquals(List.of("b", "c", "new"), ids(a.next()));
    }

    @Test
    void admit_forALiveTokensVideoWithoutDevice_replacesThatSlot_evenAtTheLimit() {
        LiveToken sameSlot = token("a", "video-N", null, 10, 600);
        LiveToken otherDevice = token("b", "video-N", "tv", 5, 600);
        StreamLimits.Admission a = REFUSE_3.admit("alice", state(List.of(), sameSlot, otherDevice,
                token("c", "v3", null, 1, 900)), NEW, NOW);
        assertNull(a.refusal());
        assertEquals(List.of(sameSlot), a.replaced());
        assertEquals(List.of("b", "c", "new"), ids(a.next()));
        assertFalse(a.atStreamLimit(), "replacing its own slot needs no room");
    }

    @Test
    void admit_replaceOldest_atTheLimit_replacesTheEarliestIssued() {
        StreamLimits.Admission a = REPLACE_3.admit("alice", state(List.of(), token("b", "v2", null, 5, 600),
                token("a", "v1", null, 10, 600), token("c", "v3", null, 1, 900)), NEW, NOW);
        assertNull(a.refusal());
        assertEquals(List.of("a"), ids(a.replaced()));
        assertEquals(List.of("b", "c", "new"), ids(a.next()));
        assertTrue(a.atStreamLimit());
    }

    @Test
    void admit_replaceOldest_afterTheLimitWasLowered_replacesEnoughForTheNewOne() {
        StreamLimits one = new StreamLimits(30, 1, StreamLimits.Policy.REPLACE_OLDEST);
        StreamLimits.Admission a = one.admit("alice", state(List.of(), token("a", "v1", null, 10, 600),
                token("b", "v2", null, 5, 600)), NEW, NOW);
        assertEquals(List.of("a", "b"), ids(a.replaced()));
        assertEquals(List.of("new"), ids(a.next()));
    }

    @Test
    void countAttempt_addsTheRequest_orNothingWhenTheWindowIsFull() {
        ViewerStreams counted = REFUSE_3.countAttempt(state(List.of(NOW_MS - 70_000),
                token("a", "v1", null, 4000, 0)), NOW);
        assertEquals(List.of(NOW_MS), counted.issuedAtMillis());
        assertEquals(List.of(), counted.live());
        StreamLimits one = new StreamLimits(1, 3, StreamLimits.Policy.REFUSE);
        assertNull(one.countAttempt(state(List.of(NOW_MS - 1)), NOW));
    }

    @Test
    void overriddenBy_keepsWhatIsNotOverridden_andRefusesOutOfBoundsNamingTheField() {
        assertEquals(new StreamLimits(30, 1, StreamLimits.Policy.REPLACE_OLDEST),
                REFUSE_3.overriddenBy(null, 1, "Replace-Oldest"));
        assertEquals(REFUSE_3, REFUSE_3.overriddenBy(null, null, null));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> REFUSE_3.overriddenBy(0, null, null));
        assertEquals("viewerLimits.tokensPerMinute must be between 1 and 1000, got 0", e.getMessage());
        assertEquals("viewerLimits.maxActiveTokens must be between 1 and 100, got 101", assertThrows(
                InvalidRequestException.class, () -> REFUSE_3.overriddenBy(null, 101, null)).getMessage());
        assertEquals("viewerLimits.policy must be refuse or replace-oldest", assertThrows(
                InvalidRequestException.class, () -> REFUSE_3.overriddenBy(null, null, "kick")).getMessage());
    }

    @Test
    void constructor_refusesLimitsOutOfBounds() {
        assertThrows(IllegalArgumentException.class, () -> new StreamLimits(0, 5, StreamLimits.Policy.REFUSE));
        assertThrows(IllegalArgumentException.class, () -> new StreamLimits(30, 101, StreamLimits.Policy.REFUSE));
        assertThrows(IllegalArgumentException.class, () -> new StreamLimits(30, 5, null));
    }

    private static List<String> ids(ViewerStreams state) {
        return ids(state.live());
    }

    private static List<String> ids(List<LiveToken> tokens) {
        List<String> ids = new java.util.ArrayList<>();
        tokens.forEach(t -> ids.add(t.tokenId()));
        return ids;
    }
}
