package io.github.vodhls.core.video;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Binds each verified {@code (X-VOD-TIMESTAMP, X-VOD-SIGNATURE)} pair to the first body it arrived with, so that a
 * captured pair cannot authorise another body (another VideoId: a data key, a registry row and a transcoding job each)
 * within the timestamp window. The same pair with the same body is VOD retrying a delivery, and passes (the
 * registry's exactly-once claim makes that safe); the same pair with another body is refused with
 * {@link ErrorCode#CALLBACK_REPLAYED}.
 *
 * <p>The body is hashed (SHA-256) as received, before any parsing. The pair is stored as the SHA-256 of
 * {@code <timestamp>|<lowercase signature>}, never as the signature, and kept until the end of its timestamp window
 * ({@code timestamp + window}), after which {@link VodCallbackSignature} refuses it as stale. Call only after the
 * signature verified.
 */
public final class CallbackReplayGuard {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final CallbackDeliveries deliveries;
    private final Duration window;
    private final Clock clock;

    /**
     * @param window the signature's timestamp window (VOD_CALLBACK_MAX_AGE_SECONDS)
     */
    public CallbackReplayGuard(CallbackDeliveries deliveries, Duration window, Clock clock) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Admits a delivery whose signature verified, or throws.
     *
     * @param timestampHeader {@code X-VOD-TIMESTAMP} as verified (unix seconds)
     * @param signatureHeader {@code X-VOD-SIGNATURE} as verified
     * @param body the request body as received
     * @throws CallerRejectedException {@link ErrorCode#CALLBACK_REPLAYED} when the pair came with another body first
     */
    public void admit(String timestampHeader, String signatureHeader, byte[] body) {
        String timestamp = timestampHeader.trim();
        String pairId = sha256Hex((timestamp + "|" + signatureHeader.trim().toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.US_ASCII));
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(timestamp)).plus(window);
        CallbackDeliveries.Binding binding = deliveries.bind(pairId, sha256Hex(body), expiresAt, clock.instant());
        if (binding == CallbackDeliveries.Binding.OTHER_BODY) {
            throw new CallerRejectedException(ErrorCode.CALLBACK_REPLAYED, "this X-VOD-TIMESTAMP and X-VOD-SIGNATURE "
                    + "came with another body first: a signed callback is accepted with one body only");
        }
    }

    /** Lowercase hex SHA-256. */
    static String sha256Hex(byte[] input) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    @Override
    public String toString() {
        return "CallbackReplayGuard[window=" + window.getSeconds() + " s]";
    }
}
