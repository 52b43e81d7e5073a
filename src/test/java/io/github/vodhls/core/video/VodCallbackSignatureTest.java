package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VodCallbackSignatureTest {
    private static final String URL = "https://callback.example.com/vod";
    private static final String PRIMARY = "fake-callback-primary-key-0000";
    private static final String SECONDARY = "fake-callback-secondary-key-1111";
    private static final Duration WINDOW = Duration.ofSeconds(300);

    private final MutableClock clock = MutableClock.atDefaultStart();
    private final long now = clock.instant().getEpochSecond();
    private final VodCallbackSignature verifier = new VodCallbackSignature(URL, PRIMARY, SECONDARY, WINDOW, clock);

    @Test
    void sign_matchesMd5OfUrlPipeTimestampPipeKey_computedIndependently() throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5")
                .digest("https://callback.example.com/vod|1714550400|fake-callback-primary-key-0000"
                        .getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        assertEquals(hex.toString(), VodCallbackSignature.sign(URL, 1714550400L, PRIMARY));
        assertEquals("488b6f2ce181c11267693e0b7918561e", VodCallbackSignature.sign(URL, 1714550400L, PRIMARY));
    }

    @Test
    void verify_whenSignedWithPrimaryKey_isAccepted() {
        assertDoesNotThrow(() -> verifier.verify(Long.toString(now), VodCallbackSignature.sign(URL, now, PRIMARY)));
    }

    @Test
    void verify_whenSignedWithSecondaryKey_isAccepted() {
        assertDoesNotThrow(() -> verifier.verify(Long.toString(now),
                VodCallbackSignature.sign(URL, now, SECONDARY)));
    }

    @Test
    void verify_whenSignatureIsUppercaseHexOrPadded_isAccepted() {
        String signature = VodCallbackSignature.sign(URL, now, PRIMARY).toUpperCase(Locale.ROOT);
        assertDoesNotThrow(() -> verifier.verify(" " + now + " ", " " + signature + " "));
    }

    @Test
    void verify_withoutSecondaryKey_acceptsPrimaryAndRefusesFormerSecondary() {
        VodCallbackSignature primaryOnly = new VodCallbackSignature(URL, PRIMARY, null, WINDOW, clock);
        assertDoesNotThrow(() -> primaryOnly.verify(Long.toString(now), VodCallbackSignature.sign(URL, now, PRIMARY)));
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "signature does not verify",
                () -> primaryOnly.verify(Long.toString(now), VodCallbackSignature.sign(URL, now, SECONDARY)));
    }

    @Test
    void verify_whenSignedWithAnotherKey_isRefusedAsInvalid() {
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "signature does not verify",
                () -> verifier.verify(Long.toString(now), VodCallbackSignature.sign(URL, now, "some-other-key")));
    }

    @Test
    void verify_whenSignedForAnotherUrl_isRefusedAsInvalid() {
        String tampered = VodCallbackSignature.sign("https://callback.example.com/vod2", now, PRIMARY);
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "signature does not verify",
                () -> verifier.verify(Long.toString(now), tampered));
    }

    @Test
    void verify_whenTimestampDiffersFromTheSignedOne_isRefusedAsInvalid() {
        String signature = VodCallbackSignature.sign(URL, now, PRIMARY);
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "signature does not verify",
                () -> verifier.verify(Long.toString(now + 1), signature));
    }

    @Test
    void verify_whenTimestampHeaderIsMissing_isRefusedAsInvalid() {
        String signature = VodCallbackSignature.sign(URL, now, PRIMARY);
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "X-VOD-TIMESTAMP header is missing",
                () -> verifier.verify(null, signature));
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "X-VOD-TIMESTAMP header is missing",
                () -> verifier.verify("  ", signature));
    }

    @Test
    void verify_whenSignatureHeaderIsMissing_isRefusedAsInvalid() {
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "X-VOD-SIGNATURE header is missing",
                () -> verifier.verify(Long.toString(now), null));
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "X-VOD-SIGNATURE header is missing",
                () -> verifier.verify(Long.toString(now), ""));
    }

    @Test
    void verify_whenTimestampIsNotUnixSeconds_isRefusedAsInvalid() {
        String signature = VodCallbackSignature.sign(URL, now, PRIMARY);
        for (String bad : new String[] {"abc", "-5", "1714550400.5", "2024-05-01T08:00:00Z", "9999999999999"}) {
            assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "X-VOD-TIMESTAMP must be unix seconds",
                    () -> verifier.verify(bad, signature));
        }
    }

    @Test
    void verify_whenSignatureIsNotHex_isRefusedAsInvalid() {
        assertRejected(ErrorCode.CALLBACK_SIGNATURE_INVALID, "X-VOD-SIGNATURE must be 32 hex digits",
                () -> verifier.verify(Long.toString(now), "not-a-signature"));
    }

    @Test
    void verify_whenCorrectlySignedButOlderThanWindow_isRefusedAsStaleWithTheNumbers() {
        long timestamp = now - 412;
        assertRejected(ErrorCode.CALLBACK_TIMESTAMP_STALE, "timestamp is 412 s old, allowed 300 s",
                () -> verifier.verify(Long.toString(timestamp), VodCallbackSignature.sign(URL, timestamp, PRIMARY)));
    }

    @Test
    void verify_whenCorrectlySignedButFurtherInTheFutureThanWindow_isRefusedAsStaleWithTheNumbers() {
        long timestamp = now + 301;
        assertRejected(ErrorCode.CALLBACK_TIMESTAMP_STALE, "timestamp is 301 s in the future, allowed 300 s",
                () -> verifier.verify(Long.toString(timestamp),
                        VodCallbackSignature.sign(URL, timestamp, SECONDARY)));
    }

    @Test
    void verify_whenExactlyAtTheWindowEdges_isAccepted() {
        for (long timestamp : new long[] {now - 300, now + 300}) {
            assertDoesNotThrow(() -> verifier.verify(Long.toString(timestamp),
                    VodCallbackSignature.sign(URL, timestamp, PRIMARY)));
        }
    }

    @Test
    void verify_whenClockMovesPastTheWindow_refusesAPreviouslyAcceptedCallback() {
        String timestamp = Long.toString(now);
        String signature = VodCallbackSignature.sign(URL, now, PRIMARY);
        verifier.verify(timestamp, signature);
        clock.advance(Duration.ofSeconds(301));
        assertRejected(ErrorCode.CALLBACK_TIMESTAMP_STALE, "timestamp is 301 s old, allowed 300 s",
                () -> verifier.verify(timestamp, signature));
    }

    @Test
    void rejections_neverContainKeysOrTheExpectedSignature() {
        String expected = VodCallbackSignature.sign(URL, now, PRIMARY);
        String expectedSecondary = VodCallbackSignature.sign(URL, now, SECONDARY);
        CallerRejectedException e = assertThrows(CallerRejectedException.class,
                () -> verifier.verify(Long.toString(now), "0123456789abcdef0123456789abcdef"));
        for (String text : new String[] {e.getMessage(), e.toString(), verifier.toString()}) {
            assertFalse(text.contains(PRIMARY), text);
            assertFalse(text.contains(SECONDARY), text);
            assertFalse(text.contains(expected), text);
            assertFalse(text.contains(expectedSecondary), text);
        }
    }

    @Test
    void constructor_whenConfigurationIsIncomplete_isRefused() {
        assertThrows(ConfigurationException.class, () -> new VodCallbackSignature("", PRIMARY, null, WINDOW, clock));
        assertThrows(ConfigurationException.class, () -> new VodCallbackSignature(URL, "", null, WINDOW, clock));
        assertThrows(ConfigurationException.class, () -> new VodCallbackSignature(URL, PRIMARY, "", WINDOW, clock));
        assertThrows(ConfigurationException.class,
                () -> new VodCallbackSignature(URL, PRIMARY, null, Duration.ZERO, clock));
    }

    private static void assertRejected(ErrorCode code, String message, Runnable call) {
        CallerRejectedException e = assertThrows(CallerRejectedException.class, call::run);
        assertEquals(code, e.errorCode());
        assertEquals(message, e.getMessage());
    }
}
