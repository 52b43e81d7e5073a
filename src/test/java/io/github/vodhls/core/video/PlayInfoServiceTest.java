package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which streams a token comes with, and how long an instance reuses VOD's answer. */
class PlayInfoServiceTest {
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<List<PlayStream>> listed = new AtomicReference<>(List.of());
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final PlayInfoService service = new PlayInfoService(videoId -> {
        calls.incrementAndGet();
        if (failure.get() != null) {
            throw failure.get();
        }
        return listed.get();
    }, 100, TTL, false, clock);

    static PlayStream hls(String definition, String url, Instant created) {
        return new PlayStream(definition, "m3u8", true, "HLSEncryption", "Normal", 1280L, 720L, 1024.5, url, created);
    }

    @Test
    void keepsOnlyNormalHlsEncryptedM3u8Streams_oneNewestPerDefinition_inVodsOrder() {
        PlayStream ld = hls("LD", "https://vod.example.com/v/ld-new.m3u8", T0.plusSeconds(60));
        PlayStream hd = hls("HD", "https://vod.example.com/v/hd.m3u8", T0);
        List<PlayStream> all = new ArrayList<>(List.of(
                new PlayStream("FD", "m3u8", false, null, "Normal", 640L, 360L, 400.0, "https://vod.example.com/v/fd.m3u8", T0),
                hls("LD", "https://vod.example.com/v/ld-old.m3u8", T0),
                new PlayStream("SD", "m3u8", true, "AliyunVoDEncryption", "Normal", 960L, 540L, 700.0, "https://x/sd.m3u8", T0),
                hd,
                new PlayStream("FHD", "m3u8", true, "HLSEncryption", "Invisible", 1920L, 1080L, 3000.0, "https://x/f.m3u8", T0),
                new PlayStream("OD", "mp4", true, "HLSEncryption", "Normal", 1920L, 1080L, 5000.0, "https://x/od.mp4", T0),
                new PlayStream("2K", "m3u8", false, "HLSEncryption", "Normal", 2560L, 1440L, 6000.0, "https://x/2k.m3u8", T0),
                ld));
        listed.set(all);

        assertEquals(List.of(ld, hd), service.encryptedStreams("video-1"));
    }

    @Test
    void noStreamAtAll_isVideoNotReady_andNoHlsEncryptedOne_isNoEncryptedStream() {
        ConflictException empty = assertThrows(ConflictException.class, () -> service.encryptedStreams("video-1"));
        assertEquals(ErrorCode.VIDEO_NOT_READY, empty.errorCode());

        listed.set(List.of(new PlayStream("LD", "m3u8", false, null, "Normal", 1L, 1L, 1.0, "https://x/a.m3u8", T0),
                new PlayStream("SD", "m3u8", true, "AliyunVoDEncryption", "Normal", 1L, 1L, 1.0, "https://x/b.m3u8", T0)));
        ConflictException plain = assertThrows(ConflictException.class, () -> service.encryptedStreams("video-1"));
        assertEquals(ErrorCode.NO_ENCRYPTED_STREAM, plain.errorCode());
        assertEquals("none of the video's 2 HLS stream(s) is encrypted with HLS encryption and playable",
                plain.getMessage());
        assertEquals(2, calls.get(), "refusals are not cached");
    }

    @Test
    void anAnswer_isReusedForTheCacheTime_thenAskedAgain() {
        listed.set(List.of(hls("LD", "https://vod.example.com/v/ld.m3u8", T0)));
        List<PlayStream> first = service.encryptedStreams("video-1");
        clock.advance(TTL.minusMillis(1));
        assertSame(first, service.encryptedStreams("video-1"));
        assertEquals(1, calls.get());

        clock.advance(Duration.ofMillis(1));
        service.encryptedStreams("video-1");
        assertEquals(2, calls.get(), "at the cache time the answer is asked again");
        service.encryptedStreams("video-2");
        assertEquals(3, calls.get(), "per video");
    }

    @Test
    void aSignedUrl_isReusedOnlyWhileItHasTheCacheTimeLeftBeforeItsTimestamp() {
        long now = clock.instant().getEpochSecond();
        // signed until now + 90 s: reusable for 30 s (90 - 60), so every URL handed out has 60 s or more left
        listed.set(List.of(hls("LD", "https://vod.example.com/v/ld.m3u8?auth_key=" + (now + 90)
                + "-0-0-0123456789abcdef0123456789abcdef", T0), hls("HD", "https://vod.example.com/v/hd.m3u8", T0)));
        service.encryptedStreams("video-1");
        clock.advance(Duration.ofSeconds(29));
        service.encryptedStreams("video-1");
        assertEquals(1, calls.get());
        clock.advance(Duration.ofSeconds(1));
        service.encryptedStreams("video-1");
        assertEquals(2, calls.get(), "30 s after the fetch the URL has only 60 s left: asked again");
    }

    @Test
    void aSignedUrlWithLessThanTheCacheTimeLeft_orWhoseEndCannotBeRead_isNeverReused() {
        long now = clock.instant().getEpochSecond();
        for (String authKey : new String[] {(now + 60) + "-0-0-f", (now - 1) + "-0-0-f", "garbage"}) {
            calls.set(0);
            listed.set(List.of(hls("LD", "https://vod.example.com/v/ld.m3u8?auth_key=" + authKey, T0)));
            service.encryptedStreams("video-" + authKey);
            service.encryptedStreams("video-" + authKey);
            assertEquals(2, calls.get(), authKey);
        }
    }

    @Test
    void withoutACacheTime_everyTokenAsks() {
        PlayInfoService uncached = new PlayInfoService(videoId -> {
            calls.incrementAndGet();
            return List.of(hls("LD", "https://vod.example.com/v/ld.m3u8", T0));
        }, 100, Duration.ZERO, true, clock);
        uncached.encryptedStreams("video-1");
        uncached.encryptedStreams("video-1");
        assertEquals(2, calls.get());
        assertEquals(true, uncached.byDefault());
    }

    @Test
    void theSourcesFailures_passThrough_andAreNotCached() {
        NotFoundException missing = new NotFoundException(ErrorCode.VIDEO_NOT_FOUND, "VOD knows no such video");
        failure.set(missing);
        assertSame(missing, assertThrows(NotFoundException.class, () -> service.encryptedStreams("video-1")));
        failure.set(new DependencyUnavailableException(ErrorCode.VOD_THROTTLED, "VOD GetPlayInfo failed"));
        assertThrows(DependencyUnavailableException.class, () -> service.encryptedStreams("video-1"));
        failure.set(null);
        listed.set(List.of(hls("LD", "https://vod.example.com/v/ld.m3u8", T0)));
        assertEquals(1, service.encryptedStreams("video-1").size());
        assertEquals(3, calls.get());
    }

    @Test
    void withThePlaylistFunctionInFront_eachUrlIsItsPathFromTheVideoId_onTheFunctionsBase_withoutTheCdnSignature() {
        long now = clock.instant().getEpochSecond();
        PlayInfoService throughFunction = new PlayInfoService(videoId -> {
            calls.incrementAndGet();
            return listed.get();
        }, 100, TTL, false, clock, "https://vod.example.com/media/");
        listed.set(List.of(hls("LD", "https://out.example.com/customer/video-1/ab12-ld-encrypt-stream.m3u8?auth_key="
                + (now + 61) + "-0-0-f#x", T0)));

        List<PlayStream> streams = throughFunction.encryptedStreams("video-1");

        assertEquals("https://vod.example.com/media/video-1/ab12-ld-encrypt-stream.m3u8", streams.get(0).url());
        clock.advance(TTL.minusSeconds(1));
        throughFunction.encryptedStreams("video-1");
        assertEquals(1, calls.get(), "the CDN signature no longer limits the reuse: the function reads the origin");

        listed.set(List.of(hls("LD", "https://out.example.com/flat/ab12-ld.m3u8", T0)));
        io.github.vodhls.core.error.ConfigurationException e = assertThrows(
                io.github.vodhls.core.error.ConfigurationException.class,
                () -> throughFunction.encryptedStreams("video-2"));
        assertEquals("PLAY_INFO_PLAYLIST_BASE_URL", e.variable());
    }
}
