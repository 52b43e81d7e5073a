package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.LimitExceededException;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** How {@link TokenService#issue} applies a request's stream limits through the store, call by call. */
class ViewerStreamGateTest {
    private static final StreamLimits TWO_AT_ONCE = new StreamLimits(30, 2, StreamLimits.Policy.REFUSE);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.250Z"));
    private final TokenStore store = spy(new InMemoryTokenStore());
    private final AtomicInteger asked = new AtomicInteger();
    private volatile boolean entitled = true;
    private final Entitlements entitlements = (user, video) -> {
        asked.incrementAndGet();
        return entitled;
    };
    private final TokenService service = new TokenService(new TokenCodec(SigningKeys.parse(
            SigningKeys.Algorithm.HS256, "TOKEN_SIGNING_KEYS", List.of(TestKeys.hs256Entry("k1")),
            "TOKEN_VERIFICATION_KEYS", List.of()), "vod-hls-encryption", Duration.ofSeconds(30), 4096, clock), store,
            new TokenPolicy(Duration.ofHours(1), Duration.ofDays(1), 20, 1000), entitlements, clock,
            new SecureRandom());

    private IssuedToken issue(String video, String device, StreamLimits limits) {
        return service.issue(new TokenRequest(video, "alice", device, null, null).withStreamLimits(limits));
    }

    @Test
    void aRefusedRequest_asksNoEntitlement_andWritesNothing() {
        issue("video-1", null, TWO_AT_ONCE);
        issue("video-2", null, TWO_AT_ONCE);
        org.mockito.Mockito.clearInvocations(store);
        int before = asked.get();

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> issue("video-3", null, TWO_AT_ONCE));

        assertEquals(ErrorCode.TOO_MANY_STREAMS, e.errorCode());
        assertEquals(before, asked.get());
        verify(store, never()).record(any());
        verify(store, never()).updateViewerStreams(anyString(), any());
        verify(store, never()).revoke(anyString());
    }

    @Test
    void anAdmittedRequest_readsOnce_andRecordsTheTokenBeforeTheViewerRowCountsIt() {
        IssuedToken issued = issue("video-1", null, TWO_AT_ONCE);
        InOrder order = inOrder(store);
        order.verify(store).viewerStreams("alice");
        order.verify(store).record(any());
        order.verify(store).updateViewerStreams(eq("alice"), any());
        verify(store, times(1)).viewerStreams("alice");
        assertEquals(List.of(LiveToken.of(issued.claims(), issued.claims().expiresAt())), store.viewerStreams("alice").live());
        assertEquals(List.of(clock.instant().toEpochMilli()), store.viewerStreams("alice").issuedAtMillis());
    }

    @Test
    void aReplacedToken_isRevokedBeforeTheViewerRowStopsCountingIt() {
        IssuedToken first = issue("video-1", "tv", TWO_AT_ONCE);
        org.mockito.Mockito.clearInvocations(store);
        IssuedToken second = issue("video-1", "tv", TWO_AT_ONCE);
        InOrder order = inOrder(store);
        order.verify(store).record(any());
        order.verify(store).revoke(first.claims().tokenId());
        order.verify(store).updateViewerStreams(eq("alice"), any());
        assertEquals(TokenStanding.REVOKED, store.standing(first.claims().tokenId()));
        assertEquals(List.of(LiveToken.of(second.claims(), second.claims().expiresAt())), store.viewerStreams("alice").live());
    }

    @Test
    void aDeniedRequest_isCountedTowardsTheRate_butTakesNoStream() {
        entitled = false;
        assertThrows(AccessDeniedException.class, () -> issue("video-1", null, TWO_AT_ONCE));
        ViewerStreams state = store.viewerStreams("alice");
        assertEquals(List.of(clock.instant().toEpochMilli()), state.issuedAtMillis());
        assertEquals(List.of(), state.live());
        verify(store, never()).record(any());
    }

    @Test
    void aWriteThatLosesTheRace_readsAndDecidesAgain_andMayThenBeRefused() {
        issue("video-1", null, TWO_AT_ONCE);
        org.mockito.Mockito.clearInvocations(store);
        // Another instance admits video-2 between this request's read and its write.
        doAnswer(invocation -> {
            ViewerStreams read = store.viewerStreams("alice");
            assertTrue(store.updateViewerStreams("alice", read.with(read.issuedAtMillis(), List.of(
                    read.live().get(0), new LiveToken("other", "video-2", null, clock.instant(),
                            clock.instant().plusSeconds(60))))));
            return invocation.callRealMethod();
        }).doCallRealMethod().when(store).updateViewerStreams(eq("alice"), any());

        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> issue("video-3", null, TWO_AT_ONCE));

        assertEquals(ErrorCode.TOO_MANY_STREAMS, e.errorCode());
        verify(store, times(3)).viewerStreams("alice"); // the check, the other instance, the read after the loss
        assertEquals(2, store.viewerStreams("alice").version(), "only the other instance's write landed");
        assertEquals(List.of("video-1", "video-2"), videos(store.viewerStreams("alice")),
                "the loser's token (recorded, never signed) is not counted");
    }

    @Test
    void aViewerWhoseWritesAlwaysLose_isToldToSlowDown_afterTheBoundedAttempts() {
        doReturn(false).when(store).updateViewerStreams(eq("alice"), any());
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> issue("video-1", null, TWO_AT_ONCE));
        assertEquals(ErrorCode.RATE_LIMITED, e.errorCode());
        assertEquals(1, e.retryAfterSeconds());
        assertEquals("viewer alice sent too many token requests at once; retry in 1 s", e.getMessage());
        verify(store, times(ViewerStreamGate.WRITE_ATTEMPTS)).updateViewerStreams(eq("alice"), any());
        assertEquals(ViewerStreams.none(), store.viewerStreams("alice"));
    }

    @Test
    void atTheLimit_aTokenRevokedSinceItWasCounted_noLongerCounts_byIdOrByVideo() {
        IssuedToken first = issue("video-1", null, TWO_AT_ONCE);
        issue("video-2", null, TWO_AT_ONCE);
        service.revokeToken(first.claims().tokenId());
        issue("video-3", null, TWO_AT_ONCE);
        assertThrows(LimitExceededException.class, () -> issue("video-4", null, TWO_AT_ONCE));
        clock.advance(Duration.ofSeconds(1));
        service.revokeVideo("video-2");
        clock.advance(Duration.ofSeconds(1));
        issue("video-4", null, TWO_AT_ONCE);
        assertEquals(List.of("video-3", "video-4"), videos(store.viewerStreams("alice")));
    }

    private static List<String> videos(ViewerStreams state) {
        List<String> videos = new java.util.ArrayList<>();
        state.live().forEach(t -> videos.add(t.videoId()));
        return videos;
    }
}
