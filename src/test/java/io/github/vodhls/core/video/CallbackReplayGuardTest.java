package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.adapters.memory.InMemoryCallbackDeliveries;
import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each signed (timestamp, signature) pair is bound to the first body it came with, for the timestamp's window. */
class CallbackReplayGuardTest {
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final String SIGNATURE = "488b6f2ce181c11267693e0b7918561e";

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final List<String> binds = new ArrayList<>();
    private final InMemoryCallbackDeliveries stored = new InMemoryCallbackDeliveries();
    private final CallbackReplayGuard guard = new CallbackReplayGuard((pair, body, expiresAt, now) -> {
        binds.add(pair + " " + body + " " + expiresAt + " " + now);
        return stored.bind(pair, body, expiresAt, now);
    }, WINDOW, clock);

    private static byte[] body(String videoId) {
        return ("{\"EventType\":\"FileUploadComplete\",\"VideoId\":\"" + videoId + "\",\"Status\":\"success\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String timestamp() {
        return Long.toString(clock.instant().getEpochSecond());
    }

    @Test
    void admit_sameBodyAgain_isARetry_anotherBodyIsCallbackReplayed() {
        String ts = timestamp();
        guard.admit(ts, SIGNATURE, body("v1"));
        assertDoesNotThrow(() -> guard.admit(ts, SIGNATURE, body("v1")));

        CallerRejectedException e = assertThrows(CallerRejectedException.class,
                () -> guard.admit(ts, SIGNATURE, body("v2")));

        assertEquals(ErrorCode.CALLBACK_REPLAYED, e.errorCode());
        assertEquals("this X-VOD-TIMESTAMP and X-VOD-SIGNATURE came with another body first: a signed callback is "
                + "accepted with one body only", e.getMessage());
    }

    @Test
    void admit_hashesTheBodyAsReceived_soOneByteMoreIsAnotherBody() {
        String ts = timestamp();
        guard.admit(ts, SIGNATURE, body("v1"));
        byte[] spaced = (new String(body("v1"), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertThrows(CallerRejectedException.class, () -> guard.admit(ts, SIGNATURE, spaced));
    }

    @Test
    void admit_theSignatureIsCaseInsensitiveAndTrimmed_asTheVerifierReadsIt() {
        String ts = timestamp();
        guard.admit(ts, SIGNATURE, body("v1"));
        assertThrows(CallerRejectedException.class, () -> guard.admit(" " + ts + " ", SIGNATURE.toUpperCase(),
                body("v2")));
    }

    @Test
    void admit_anotherTimestampOrSignature_isAnotherPair() {
        String ts = timestamp();
        guard.admit(ts, SIGNATURE, body("v1"));
        assertDoesNotThrow(() -> guard.admit(Long.toString(Long.parseLong(ts) + 1), SIGNATURE, body("v2")));
        assertDoesNotThrow(() -> guard.admit(ts, "0".repeat(32), body("v2")));
    }

    @Test
    void admit_storesDigestsOnly_keptUntilTheEndOfTheTimestampsWindow() {
        long ts = clock.instant().getEpochSecond() - 100;
        guard.admit(Long.toString(ts), SIGNATURE, body("v1"));

        String[] bound = binds.get(0).split(" ");
        assertEquals(64, bound[0].length(), "the pair is a SHA-256");
        assertEquals(CallbackReplayGuard.sha256Hex((ts + "|" + SIGNATURE).getBytes(StandardCharsets.US_ASCII)),
                bound[0]);
        assertFalse(binds.get(0).contains(SIGNATURE), "the signature itself is never stored");
        assertEquals(CallbackReplayGuard.sha256Hex(body("v1")), bound[1]);
        assertEquals(Instant.ofEpochSecond(ts).plus(WINDOW).toString(), bound[2]);
        assertEquals(clock.instant().toString(), bound[3]);
    }
}
