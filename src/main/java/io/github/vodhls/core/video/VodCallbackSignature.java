package io.github.vodhls.core.video;

import io.github.vodhls.core.error.CallerRejectedException;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Verifies the authentication of ApsaraVideo VOD's HTTP callbacks.
 *
 * <p>VOD sends {@value #TIMESTAMP_HEADER} (unix seconds) and {@value #SIGNATURE_HEADER}, the lowercase hex MD5 of
 * {@code <callback URL>|<timestamp>|<private key>}, where the callback URL is exactly the one configured in VOD.
 * A primary and an optional secondary private key are accepted so that the key can be rotated without downtime;
 * both are always compared, in constant time. A correctly signed callback whose timestamp is further from now than
 * the allowed window (either way) is refused as stale.
 *
 * <p>The signature covers the URL and the timestamp, not the body: it authenticates the sender and bounds replays
 * to the window. Inside the window, {@link CallbackReplayGuard} binds each pair to the first body it came with, and
 * duplicates of that body are absorbed by the upload callback's exactly-once claim.
 *
 * <p>Messages never contain a key or the expected signature.
 */
public final class VodCallbackSignature {
    public static final String TIMESTAMP_HEADER = "X-VOD-TIMESTAMP";
    public static final String SIGNATURE_HEADER = "X-VOD-SIGNATURE";

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9A-Fa-f]{32}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String callbackUrl;
    private final String primaryKey;
    private final String secondaryKey;
    private final Duration window;
    private final Clock clock;

    /**
     * @param callbackUrl  the callback URL exactly as configured in VOD
     * @param primaryKey   the callback private key
     * @param secondaryKey a second accepted key during rotation, or null
     * @param window       the largest accepted distance between the timestamp and now, either way
     * @param clock        the source of now
     */
    public VodCallbackSignature(String callbackUrl, String primaryKey, String secondaryKey, Duration window,
            Clock clock) {
        if (callbackUrl == null || callbackUrl.isBlank()) {
            throw new ConfigurationException("callback URL", "is required");
        }
        if (primaryKey == null || primaryKey.isEmpty()) {
            throw new ConfigurationException("callback primary key", "is required");
        }
        if (secondaryKey != null && secondaryKey.isEmpty()) {
            throw new ConfigurationException("callback secondary key", "must not be empty when set");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new ConfigurationException("callback timestamp window", "must be a positive duration");
        }
        this.callbackUrl = callbackUrl;
        this.primaryKey = primaryKey;
        this.secondaryKey = secondaryKey;
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Accepts a callback or throws.
     *
     * @throws CallerRejectedException {@link ErrorCode#CALLBACK_SIGNATURE_INVALID} when a header is missing or
     *                                 malformed or the signature matches no key; {@link ErrorCode#CALLBACK_TIMESTAMP_STALE}
     *                                 when a correctly signed timestamp lies outside the window
     */
    public void verify(String timestampHeader, String signatureHeader) {
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw invalid(TIMESTAMP_HEADER + " header is missing");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw invalid(SIGNATURE_HEADER + " header is missing");
        }
        String timestampText = timestampHeader.trim();
        if (!TIMESTAMP.matcher(timestampText).matches()) {
            throw invalid(TIMESTAMP_HEADER + " must be unix seconds");
        }
        String provided = signatureHeader.trim();
        if (!SIGNATURE.matcher(provided).matches()) {
            throw invalid(SIGNATURE_HEADER + " must be 32 hex digits");
        }
        byte[] providedBytes = provided.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] expectedPrimary = hexMd5Bytes(payload(callbackUrl, timestampText, primaryKey));
        byte[] expectedSecondary = secondaryKey == null
                ? expectedPrimary
                : hexMd5Bytes(payload(callbackUrl, timestampText, secondaryKey));
        boolean matchesPrimary = MessageDigest.isEqual(providedBytes, expectedPrimary);
        boolean matchesSecondary = MessageDigest.isEqual(providedBytes, expectedSecondary);
        if (!(matchesPrimary | matchesSecondary)) {
            throw invalid("signature does not verify");
        }
        long timestamp = Long.parseLong(timestampText);
        long now = clock.instant().getEpochSecond();
        long allowed = window.getSeconds();
        if (now - timestamp > allowed) {
            throw stale("timestamp is " + (now - timestamp) + " s old, allowed " + allowed + " s");
        }
        if (timestamp - now > allowed) {
            throw stale("timestamp is " + (timestamp - now) + " s in the future, allowed " + allowed + " s");
        }
    }

    /**
     * The signature VOD sends for a callback: lowercase hex MD5 of {@code <callbackUrl>|<timestamp>|<privateKey>}.
     * The local VOD emulation signs its callbacks with it.
     */
    public static String sign(String callbackUrl, long timestampSeconds, String privateKey) {
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        Objects.requireNonNull(privateKey, "privateKey");
        return new String(hexMd5Bytes(payload(callbackUrl, Long.toString(timestampSeconds), privateKey)),
                StandardCharsets.US_ASCII);
    }

    private static byte[] payload(String url, String timestamp, String key) {
        return (url + "|" + timestamp + "|" + key).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hexMd5Bytes(byte[] input) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
        byte[] hex = new byte[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = (byte) HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = (byte) HEX[digest[i] & 0xF];
        }
        return hex;
    }

    private static CallerRejectedException invalid(String message) {
        return new CallerRejectedException(ErrorCode.CALLBACK_SIGNATURE_INVALID, message);
    }

    private static CallerRejectedException stale(String message) {
        return new CallerRejectedException(ErrorCode.CALLBACK_TIMESTAMP_STALE, message);
    }

    /** Names the callback URL (without its query) and window only: never a key. */
    @Override
    public String toString() {
        return "VodCallbackSignature[url=" + VodEvent.withoutQuery(callbackUrl) + ", secondaryKey=" + (secondaryKey != null)
                + ", window=" + window.getSeconds() + " s]";
    }
}
