package io.github.vodhls.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.adapters.memory.InMemoryTokenStore;
import io.github.vodhls.adapters.memory.InMemoryVideoKeyRegistry;
import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.core.token.SigningKeys;
import io.github.vodhls.core.token.TokenCodec;
import io.github.vodhls.core.token.TokenPolicy;
import io.github.vodhls.core.token.TokenRequest;
import io.github.vodhls.core.token.TokenService;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.testing.FakeKms;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecryptServiceTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final FakeKms kms = new FakeKms();
    private final InMemoryVideoKeyRegistry registry = new InMemoryVideoKeyRegistry();
    private final TokenCodec codec = new TokenCodec(SigningKeys.parse(SigningKeys.Algorithm.HS256,
            "TOKEN_SIGNING_KEYS", List.of(TestKeys.hs256Entry("k1")), "TOKEN_VERIFICATION_KEYS", List.of()),
            "vod-hls-encryption", Duration.ofSeconds(30), 4096, clock);
    private final TokenService tokens = new TokenService(codec, new InMemoryTokenStore(),
            new TokenPolicy(Duration.ofHours(1), Duration.ofDays(1), 20, 1000), clock, new SecureRandom());
    private final DecryptService service = new DecryptService(tokens, registry,
            new DataKeyCache(kms, new BoundedTtlCache<>(100, Duration.ofHours(1), clock)));

    private DataKey register(String videoId) {
        DataKey key = kms.generateDataKey();
        registry.registerIfAbsent(new VideoKey(videoId, key.ciphertext(), clock.instant()));
        return key;
    }

    private String token(String videoId, int maxUses) {
        return tokens.issue(new TokenRequest(videoId, "user-1", null, null, maxUses)).token();
    }

    @Test
    void release_withTokenAndCiphertextOfSameVideo_returnsExactlyTheRegisteredKey() {
        DataKey a = register("video-A");

        DecryptService.Release release = service.release(a.ciphertext(), token("video-A", 5));

        assertArrayEquals(a.plaintext(), release.key());
        assertEquals(16, release.key().length);
        assertEquals("video-A", release.claims().videoId());
        assertFalse(release.toString().contains(Base64.getEncoder().encodeToString(a.plaintext())));
    }

    @Test
    void release_acceptsTheCiphertextUrlEncoded() {
        DataKey a = register("video-A");
        String encoded = URLEncoder.encode(a.ciphertext(), StandardCharsets.UTF_8);
        assertArrayEquals(a.plaintext(), service.release(encoded, token("video-A", 5)).key());
    }

    @Test
    void release_withOtherVideosCiphertext_isCiphertextNotForVideoAndConsumesNoUse() {
        register("video-A");
        DataKey b = register("video-B");
        String tokenA = token("video-A", 1);

        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> service.release(b.ciphertext(),
                tokenA));
        assertEquals(ErrorCode.CIPHERTEXT_NOT_FOR_VIDEO, e.errorCode());
        assertEquals(0, kms.decryptCalls());
    }

    @Test
    void release_whenTokensVideoHasNoKey_isCiphertextUnknown() {
        DataKey b = register("video-B");
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> service.release(b.ciphertext(), token("video-unregistered", 5)));
        assertEquals(ErrorCode.CIPHERTEXT_UNKNOWN, e.errorCode());
    }

    @Test
    void release_whenKmsUnavailable_propagatesAndConsumesNoUse() {
        DataKey a = register("video-A");
        String token = token("video-A", 1);
        kms.failWith(new DependencyUnavailableException(ErrorCode.KMS_UNAVAILABLE, "KMS timed out"));

        assertEquals(ErrorCode.KMS_UNAVAILABLE, assertThrows(DependencyUnavailableException.class,
                () -> service.release(a.ciphertext(), token)).errorCode());

        kms.failWith(null);
        assertArrayEquals(a.plaintext(), service.release(a.ciphertext(), token).key()); // the one use is still there
        assertEquals(ErrorCode.TOKEN_USES_EXHAUSTED, assertThrows(io.github.vodhls.core.error.AccessDeniedException.class,
                () -> service.release(a.ciphertext(), token)).errorCode());
    }

    @Test
    void release_countsOneUsePerCallUntilExhausted() {
        DataKey a = register("video-A");
        String token = token("video-A", 2);
        service.release(a.ciphertext(), token);
        service.release(a.ciphertext(), token);
        assertEquals(ErrorCode.TOKEN_USES_EXHAUSTED, assertThrows(io.github.vodhls.core.error.AccessDeniedException.class,
                () -> service.release(a.ciphertext(), token)).errorCode());
        assertEquals(1, kms.decryptCalls());
    }

    @Test
    void release_withBadToken_checksTokenBeforeCiphertext() {
        DataKey a = register("video-A");
        assertEquals(ErrorCode.TOKEN_MALFORMED, assertThrows(TokenRejectedException.class,
                () -> service.release(a.ciphertext(), "not-a-token")).errorCode());
        assertEquals(0, kms.decryptCalls());
    }

    @Test
    void release_withMalformedCiphertext_isCiphertextMalformed() {
        register("video-A");
        assertEquals(ErrorCode.CIPHERTEXT_MALFORMED, assertThrows(InvalidRequestException.class,
                () -> service.release("not base64!", token("video-A", 5))).errorCode());
    }

    @Test
    void check_runsEveryCheckButConsumesNoUseAndCallsNoKms() {
        DataKey a = register("video-A");
        DataKey b = register("video-B");
        String token = token("video-A", 1);

        assertEquals("video-A", service.check(a.ciphertext(), token).videoId());
        assertEquals("video-A", service.check(a.ciphertext(), token).videoId());
        assertEquals(ErrorCode.CIPHERTEXT_NOT_FOR_VIDEO, assertThrows(AccessDeniedException.class,
                () -> service.check(b.ciphertext(), token)).errorCode());
        assertEquals(0, kms.decryptCalls());
        assertArrayEquals(a.plaintext(), service.release(a.ciphertext(), token).key());
    }

    /** The decrypt service of {@link #tokens}' keys over {@code store}, reading revocations alongside the use. */
    private DecryptService alongside(io.github.vodhls.core.token.TokenStore store,
            java.util.concurrent.ExecutorService executor) {
        TokenService service = new TokenService(codec, store,
                new TokenPolicy(Duration.ofHours(1), Duration.ofDays(1), 20, 1000),
                new io.github.vodhls.core.entitlement.AllowAllEntitlements(), clock, new SecureRandom(),
                new io.github.vodhls.core.calls.Alongside(executor));
        return new DecryptService(service, registry,
                new DataKeyCache(kms, new BoundedTtlCache<>(100, Duration.ofHours(1), clock)));
    }

    @Test
    void release_whenTheRevocationReadFails_releasesNoKey_evenThoughTheUseWasSpentBesideIt() {
        DataKey a = register("video-A");
        java.util.concurrent.atomic.AtomicBoolean revocationsDown = new java.util.concurrent.atomic.AtomicBoolean();
        InMemoryTokenStore memory = new InMemoryTokenStore();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(1);
        try {
            io.github.vodhls.core.token.TokenStore flaky = org.mockito.Mockito.spy(memory);
            org.mockito.Mockito.doAnswer(call -> {
                if (revocationsDown.get()) {
                    throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "GetRow timed out");
                }
                return call.callRealMethod();
            }).when(flaky).videoRevokedBefore(org.mockito.ArgumentMatchers.anyString());
            DecryptService service = alongside(flaky, executor);
            String token = tokens.issue(new TokenRequest("video-A", "user-1", null, null, 2)).token();
            // the token's record in the store this service reads
            memory.record(new io.github.vodhls.core.token.TokenRecord(service.verify(token,
                    new io.github.vodhls.core.token.ClientInfo(null, null)).tokenId(), "video-A", "user-1", 2,
                    clock.instant(), clock.instant().plusSeconds(3600)));

            revocationsDown.set(true);
            assertEquals(ErrorCode.STORE_UNAVAILABLE, assertThrows(DependencyUnavailableException.class,
                    () -> service.release(a.ciphertext(), token)).errorCode());

            revocationsDown.set(false);
            assertArrayEquals(a.plaintext(), service.release(a.ciphertext(), token).key());
            // the refused request spent its use (the trade for one round trip): the second of two is gone
            assertEquals(ErrorCode.TOKEN_USES_EXHAUSTED, assertThrows(AccessDeniedException.class,
                    () -> service.release(a.ciphertext(), token)).errorCode());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void release_ofARevokedVideo_alongside_releasesNoKey() {
        DataKey a = register("video-A");
        InMemoryTokenStore store = new InMemoryTokenStore();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(1);
        try {
            DecryptService service = alongside(store, executor);
            String token = tokens.issue(new TokenRequest("video-A", "user-1", null, null, 5)).token();
            store.record(new io.github.vodhls.core.token.TokenRecord(service.verify(token,
                    new io.github.vodhls.core.token.ClientInfo(null, null)).tokenId(), "video-A", "user-1", 5,
                    clock.instant(), clock.instant().plusSeconds(3600)));
            assertArrayEquals(a.plaintext(), service.release(a.ciphertext(), token).key());

            store.revokeVideo("video-A", clock.instant());
            assertEquals(ErrorCode.TOKEN_REVOKED, assertThrows(TokenRejectedException.class,
                    () -> service.release(a.ciphertext(), token)).errorCode());
        } finally {
            executor.shutdownNow();
        }
    }
}
