package io.github.vodhls.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

class TokenServiceTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusMillis(300));
    private final TokenCodec codec = new TokenCodec(SigningKeys.parse(SigningKeys.Algorithm.HS256,
            "TOKEN_SIGNING_KEYS", List.of(TestKeys.hs256Entry("k1")), "TOKEN_VERIFICATION_KEYS", List.of()),
            "vod-hls-encryption", Duration.ofSeconds(30), 4096, clock);
    private final TokenPolicy policy = new TokenPolicy(Duration.ofHours(1), Duration.ofDays(1), 20, 1000);
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final TokenService service = new TokenService(codec, store, policy, clock, new SecureRandom());

    private static TokenRequest request(Integer ttl, Integer maxUses) {
        return new TokenRequest("video-A", "user-1", null, ttl, maxUses);
    }

    private static void assertInvalid(Runnable call, ErrorCode code, String message) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call::run);
        assertEquals(code, e.errorCode());
        assertEquals(ErrorKind.INVALID_REQUEST, e.errorCode().kind());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void issue_withDefaults_appliesPolicyDefaultsAndWholeSecondTimes() {
        IssuedToken issued = service.issue(request(null, null));

        assertEquals(T0, issued.claims().issuedAt());
        assertEquals(T0.plusSeconds(3600), issued.claims().expiresAt());
        assertEquals(20, issued.claims().maxUses());
        TokenClaims verified = service.verify(issued.token());
        assertEquals(issued.claims().tokenId(), verified.tokenId());
        assertEquals("user-1", verified.userId());
    }

    @Test
    void issue_withinCaps_honoursRequestedTtlAndUses() {
        IssuedToken issued = service.issue(new TokenRequest("video-A", "user-1", "tv-1", 86_400, 1000));
        assertEquals(T0.plusSeconds(86_400), issued.claims().expiresAt());
        assertEquals(1000, issued.claims().maxUses());
        assertEquals("tv-1", service.verify(issued.token()).device().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"0,'ttlSeconds must be between 1 and 86400, got 0'",
            "-5,'ttlSeconds must be between 1 and 86400, got -5'",
            "86401,'ttlSeconds must be between 1 and 86400, got 86401'"})
    void issue_whenTtlOutOfRange_isInvalidParameter(int ttl, String message) {
        assertInvalid(() -> service.issue(request(ttl, null)), ErrorCode.INVALID_PARAMETER, message);
    }

    @ParameterizedTest
    @CsvSource({"0,'maxUses must be between 1 and 1000, got 0'",
            "1001,'maxUses must be between 1 and 1000, got 1001'"})
    void issue_whenMaxUsesOutOfRange_isInvalidParameter(int maxUses, String message) {
        assertInvalid(() -> service.issue(request(null, maxUses)), ErrorCode.INVALID_PARAMETER, message);
    }

    @Test
    void issue_whenIdsMissing_isMissingParameterNamingTheField() {
        assertInvalid(() -> service.issue(new TokenRequest(null, "u", null, null, null)),
                ErrorCode.MISSING_PARAMETER, "videoId is required");
        assertInvalid(() -> service.issue(new TokenRequest("v", "", null, null, null)),
                ErrorCode.MISSING_PARAMETER, "userId is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "slash/inside", "quote\"", "päivä", "semi;colon"})
    void issue_whenVideoIdHasForbiddenCharacters_isInvalidParameter(String videoId) {
        assertInvalid(() -> service.issue(new TokenRequest(videoId, "u", null, null, null)),
                ErrorCode.INVALID_PARAMETER, "videoId must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
    }

    @Test
    void issue_whenIdsTooLongOrDeviceBad_isInvalidParameter() {
        assertInvalid(() -> service.issue(new TokenRequest("v", "u".repeat(129), null, null, null)),
                ErrorCode.INVALID_PARAMETER, null);
        assertInvalid(() -> service.issue(new TokenRequest("v", "user@example.com", "d".repeat(65), null, null)),
                ErrorCode.INVALID_PARAMETER, "device must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        assertInvalid(() -> service.issue(new TokenRequest("v", "u", "ipad@home", null, null)),
                ErrorCode.INVALID_PARAMETER, null);
    }

    @Test
    void issue_whenRequestInvalid_recordsNothing() {
        TokenStore mockStore = mock(TokenStore.class);
        TokenService s = new TokenService(codec, mockStore, policy, clock, new SecureRandom());
        assertThrows(InvalidRequestException.class, () -> s.issue(request(0, null)));
        org.mockito.Mockito.verifyNoInteractions(mockStore);
    }

    @Test
    void issue_recordsTheTokenInTheStoreWithItsLimits() {
        TokenStore mockStore = mock(TokenStore.class);
        TokenService s = new TokenService(codec, mockStore, policy, clock, new SecureRandom());

        IssuedToken issued = s.issue(new TokenRequest("video-A", "user-1", null, 600, 3));

        ArgumentCaptor<TokenRecord> recorded = ArgumentCaptor.forClass(TokenRecord.class);
        verify(mockStore).record(recorded.capture());
        assertEquals(issued.claims().tokenId(), recorded.getValue().tokenId());
        assertEquals("video-A", recorded.getValue().videoId());
        assertEquals("user-1", recorded.getValue().userId());
        assertEquals(3, recorded.getValue().maxUses());
        assertEquals(T0, recorded.getValue().issuedAt());
        assertEquals(T0.plusSeconds(600), recorded.getValue().expiresAt());
    }

    @Test
    void issue_twice_givesDistinctRandomTokenIds() {
        String a = service.issue(request(null, null)).claims().tokenId();
        String b = service.issue(request(null, null)).claims().tokenId();
        assertNotEquals(a, b);
        assertEquals(22, a.length()); // 16 random bytes, base64url without padding
    }

    @Test
    void toString_ofIssuedToken_leavesTheTokenOut() {
        IssuedToken issued = service.issue(request(null, null));
        assertFalse(issued.toString().contains(issued.token()));
        assertFalse(issued.toString().contains(issued.token().split("\\.")[2]));
    }

    @Test
    void consumeUse_untilLimit_thenExhausted() {
        TokenClaims claims = service.verify(service.issue(request(null, 2)).token());
        service.consumeUse(claims);
        service.consumeUse(claims);

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> service.consumeUse(claims));
        assertEquals(ErrorCode.TOKEN_USES_EXHAUSTED, e.errorCode());
        assertEquals("token has used all 2 key fetches", e.getMessage());
    }

    @Test
    void consumeUse_mapsEveryStoreOutcomeToItsCode() {
        TokenStore mockStore = mock(TokenStore.class);
        TokenService s = new TokenService(codec, mockStore, policy, clock, new SecureRandom());
        TokenClaims claims = new TokenClaims("t1", "u", "v", null, T0, T0.plusSeconds(60), 4);

        when(mockStore.consume("t1", 4, null, null)).thenReturn(ConsumeResult.consumed(1));
        s.consumeUse(claims);
        verify(mockStore).consume(eq("t1"), eq(4), eq(null), eq(null));

        when(mockStore.consume(any(), anyInt(), any(), any())).thenReturn(ConsumeResult.exhausted());
        assertEquals(ErrorCode.TOKEN_USES_EXHAUSTED,
                assertThrows(AccessDeniedException.class, () -> s.consumeUse(claims)).errorCode());
        when(mockStore.consume(any(), anyInt(), any(), any())).thenReturn(ConsumeResult.revoked());
        assertEquals(ErrorCode.TOKEN_REVOKED,
                assertThrows(TokenRejectedException.class, () -> s.consumeUse(claims)).errorCode());
        when(mockStore.consume(any(), anyInt(), any(), any())).thenReturn(ConsumeResult.unknown());
        assertEquals(ErrorCode.TOKEN_UNKNOWN,
                assertThrows(TokenRejectedException.class, () -> s.consumeUse(claims)).errorCode());
        when(mockStore.consume(any(), anyInt(), any(), any())).thenReturn(ConsumeResult.expired());
        assertEquals(ErrorCode.TOKEN_EXPIRED,
                assertThrows(TokenRejectedException.class, () -> s.consumeUse(claims)).errorCode());
    }

    @Test
    void consumeUse_ofValidlySignedButUnrecordedToken_isTokenUnknown() {
        TokenClaims neverRecorded = codec.verify(codec.sign(new TokenClaims("ghost", "u", "video-A", null, T0,
                T0.plusSeconds(60), 5)));
        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> service.consumeUse(neverRecorded));
        assertEquals(ErrorCode.TOKEN_UNKNOWN, e.errorCode());
    }

    @Test
    void revokeToken_thenConsumeUse_isRevoked() {
        IssuedToken issued = service.issue(request(null, 5));
        service.revokeToken(issued.claims().tokenId());

        TokenClaims claims = service.verify(issued.token());
        assertEquals(ErrorCode.TOKEN_REVOKED,
                assertThrows(TokenRejectedException.class, () -> service.consumeUse(claims)).errorCode());
    }

    @Test
    void revokeToken_whenUnknown_isNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> service.revokeToken("no-such-token"));
        assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
    }

    @Test
    void revokeToken_whenIdMalformed_isInvalidParameter() {
        assertInvalid(() -> service.revokeToken("bad id"), ErrorCode.INVALID_PARAMETER, null);
    }

    @Test
    void revokeVideo_refusesTokensIssuedAtOrBeforeCutoffButNotOneSecondLater() {
        IssuedToken earlier = service.issue(request(null, null));
        clock.advanceMillis(500); // T0 + 0.8 s: same whole second as the token's iat
        IssuedToken sameSecond = service.issue(request(null, null));

        Instant cutoff = service.revokeVideo("video-A");
        assertEquals(T0, cutoff);

        assertEquals(ErrorCode.TOKEN_REVOKED,
                assertThrows(TokenRejectedException.class, () -> service.verify(earlier.token())).errorCode());
        assertEquals(ErrorCode.TOKEN_REVOKED,
                assertThrows(TokenRejectedException.class, () -> service.verify(sameSecond.token())).errorCode());

        clock.advanceMillis(200); // T0 + 1.0 s
        IssuedToken later = service.issue(request(null, null));
        assertEquals(T0.plusSeconds(1), later.claims().issuedAt());
        assertEquals(later.claims().tokenId(), service.verify(later.token()).tokenId());
    }

    @Test
    void revokeVideo_leavesOtherVideosTokensValid() {
        IssuedToken other = service.issue(new TokenRequest("video-B", "user-1", null, null, null));
        service.revokeVideo("video-A");
        assertEquals("video-B", service.verify(other.token()).videoId());
    }

    @Test
    void verify_whenVideoCutoffStoredEarlierThanIssue_accepts() {
        TokenStore mockStore = mock(TokenStore.class);
        when(mockStore.videoRevokedBefore("video-A")).thenReturn(Optional.of(T0.minusSeconds(1)));
        TokenService s = new TokenService(codec, mockStore, policy, clock, new SecureRandom());
        String token = s.issue(request(null, null)).token();
        assertEquals("video-A", s.verify(token).videoId());
    }
}
