package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.LimitExceededException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How many tokens one viewer may obtain per minute, and how many may be live at once (like a streaming plan's
 * "screens"), and what happens to a request beyond that: the rules; {@link ViewerStreams} is the state they judge
 * and {@link ViewerStreamGate} applies them through the store.
 *
 * <p>A live token is one that has not expired and is not revoked. A request for the same slot as a live token (the
 * same device; without a device, the same video: {@link LiveToken#sameSlot}) takes that token's place: the old token
 * is revoked, so a reload, a retry or the next episode on the same screen never counts twice.
 */
public final class StreamLimits {
    /** Largest tokens-per-minute limit: the issue log of one viewer stays small (about 14 bytes an entry). */
    public static final int MAX_TOKENS_PER_MINUTE = 1000;
    /** Largest streams-at-once limit: the live-token list of one viewer stays small (about 70 bytes an entry). */
    public static final int MAX_ACTIVE_TOKENS = 100;
    /** The rate limit's sliding window. */
    static final long WINDOW_MILLIS = 60_000;

    /** What a request beyond the streams-at-once limit gets. */
    public enum Policy {
        /** 429 TOO_MANY_STREAMS. */
        REFUSE("refuse"),
        /** The oldest live token is revoked and the new one issued. */
        REPLACE_OLDEST("replace-oldest");

        private final String label;

        Policy(String label) {
            this.label = label;
        }

        /** {@code refuse} or {@code replace-oldest}. */
        public String label() {
            return label;
        }

        /** The policy of a label, any case; IllegalArgumentException for any other text. */
        public static Policy of(String label) {
            for (Policy p : values()) {
                if (p.label.equals(label.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("policy must be refuse or replace-oldest");
        }
    }

    private final int tokensPerMinute;
    private final int maxActiveTokens;
    private final Policy policy;

    /** @throws IllegalArgumentException when a limit is out of its bounds (1..the MAX_ constants) */
    public StreamLimits(int tokensPerMinute, int maxActiveTokens, Policy policy) {
        if (tokensPerMinute < 1 || tokensPerMinute > MAX_TOKENS_PER_MINUTE || maxActiveTokens < 1
                || maxActiveTokens > MAX_ACTIVE_TOKENS || policy == null) {
            throw new IllegalArgumentException("stream limits out of bounds: " + tokensPerMinute + " per minute, "
                    + maxActiveTokens + " at once, " + policy);
        }
        this.tokensPerMinute = tokensPerMinute;
        this.maxActiveTokens = maxActiveTokens;
        this.policy = policy;
    }

    /**
     * These limits with a caller's overrides (the backend's {@code viewerLimits}); a null keeps this value.
     *
     * @throws InvalidRequestException (INVALID_PARAMETER, naming the field) when an override is out of bounds
     */
    public StreamLimits overriddenBy(Integer tokensPerMinute, Integer maxActiveTokens, String policy) {
        int perMinute = tokensPerMinute == null ? this.tokensPerMinute : tokensPerMinute;
        int atOnce = maxActiveTokens == null ? this.maxActiveTokens : maxActiveTokens;
        if (perMinute < 1 || perMinute > MAX_TOKENS_PER_MINUTE) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "viewerLimits.tokensPerMinute must be "
                    + "between 1 and " + MAX_TOKENS_PER_MINUTE + ", got " + perMinute);
        }
        if (atOnce < 1 || atOnce > MAX_ACTIVE_TOKENS) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    "viewerLimits.maxActiveTokens must be between 1 and " + MAX_ACTIVE_TOKENS + ", got " + atOnce);
        }
        Policy overLimit = this.policy;
        if (policy != null) {
            try {
                overLimit = Policy.of(policy);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                        "viewerLimits.policy must be refuse or replace-oldest");
            }
        }
        return new StreamLimits(perMinute, atOnce, overLimit);
    }

    public int tokensPerMinute() {
        return tokensPerMinute;
    }

    public int maxActiveTokens() {
        return maxActiveTokens;
    }

    public Policy policy() {
        return policy;
    }

    /** What {@link #admit} decided: a successor state to write, with the tokens it replaces, or a refusal. */
    public static final class Admission {
        private final ViewerStreams next;
        private final List<LiveToken> replaced;
        private final LimitExceededException refusal;
        private final boolean atStreamLimit;

        private Admission(ViewerStreams next, List<LiveToken> replaced, LimitExceededException refusal,
                boolean atStreamLimit) {
            this.next = next;
            this.replaced = replaced;
            this.refusal = refusal;
            this.atStreamLimit = atStreamLimit;
        }

        /** The refusal to throw, or null when admitted. */
        public LimitExceededException refusal() {
            return refusal;
        }

        /** The state to write (the new token counted), or null when refused. */
        public ViewerStreams next() {
            return next;
        }

        /** The live tokens the new one replaces, to revoke: its slot's, and with REPLACE_OLDEST the oldest. */
        public List<LiveToken> replaced() {
            return replaced;
        }

        /**
         * Whether the streams-at-once limit decided (a refusal or the oldest replaced): only then is it worth
         * checking the live tokens for revocations the state does not know of.
         */
        public boolean atStreamLimit() {
            return atStreamLimit;
        }

        @Override
        public String toString() {
            return refusal != null ? "Admission[refused " + refusal.errorCode() + "]"
                    : "Admission[admitted, replaces " + replaced.size() + "]";
        }
    }

    /**
     * Decides whether {@code candidate}, a token for {@code userId} issued at {@code now}, may be issued given the
     * viewer's {@code state}. Expired tokens and requests older than the window no longer count (and are left out of
     * the successor); the rate is checked first, then the streams at once.
     */
    public Admission admit(String userId, ViewerStreams state, LiveToken candidate, Instant now) {
        long nowMillis = now.toEpochMilli();
        List<Long> recent = recentIssues(state, nowMillis);
        if (recent.size() >= tokensPerMinute) {
            // The request fits once all but tokensPerMinute - 1 of the counted ones have left the window.
            long frees = recent.get(recent.size() - tokensPerMinute) + WINDOW_MILLIS;
            long seconds = secondsUntil(frees, nowMillis);
            return refused(new LimitExceededException(ErrorCode.RATE_LIMITED, "viewer " + userId + " requested "
                    + count(recent.size(), "token") + " in the last " + WINDOW_MILLIS / 1000 + " s (limit "
                    + tokensPerMinute + "); retry in " + seconds + " s", seconds), false);
        }
        List<LiveToken> kept = new ArrayList<>();
        List<LiveToken> replaced = new ArrayList<>();
        for (LiveToken token : state.live()) {
            if (token.liveAt(now)) {
                (token.sameSlot(candidate) ? replaced : kept).add(token);
            }
        }
        kept.sort(Comparator.comparing(LiveToken::issuedAt));
        boolean atLimit = kept.size() >= maxActiveTokens;
        if (atLimit && policy == Policy.REFUSE) {
            List<Instant> ends = new ArrayList<>();
            kept.forEach(token -> ends.add(token.expiresAt()));
            Collections.sort(ends);
            long seconds = secondsUntil(ends.get(kept.size() - maxActiveTokens).toEpochMilli(), nowMillis);
            return refused(new LimitExceededException(ErrorCode.TOO_MANY_STREAMS, "viewer " + userId
                    + " already has " + count(kept.size(), "live token") + " (limit " + maxActiveTokens
                    + "); retry in " + seconds + " s, when one ends at the latest (its play session's cap), or sooner "
                    + "once one stops playing", seconds), true);
        }
        while (kept.size() >= maxActiveTokens) {
            replaced.add(kept.remove(0));
        }
        recent.add(nowMillis);
        kept.add(candidate);
        return new Admission(state.with(recent, kept), Collections.unmodifiableList(replaced), null, atLimit);
    }

    /**
     * The state with one more counted request at {@code now} (one that reached the entitlement check and got no
     * token, so that refused requests cannot ask the webhook without bound), or null when the window is full anyway.
     */
    public ViewerStreams countAttempt(ViewerStreams state, Instant now) {
        List<Long> recent = recentIssues(state, now.toEpochMilli());
        if (recent.size() >= tokensPerMinute) {
            return null;
        }
        recent.add(now.toEpochMilli());
        List<LiveToken> live = new ArrayList<>();
        for (LiveToken token : state.live()) {
            if (token.liveAt(now)) {
                live.add(token);
            }
        }
        return state.with(recent, live);
    }

    /** The state's requests still inside the window, oldest first. */
    private static List<Long> recentIssues(ViewerStreams state, long nowMillis) {
        List<Long> recent = new ArrayList<>();
        for (Long millis : state.issuedAtMillis()) {
            if (millis > nowMillis - WINDOW_MILLIS) {
                recent.add(millis);
            }
        }
        Collections.sort(recent);
        return recent;
    }

    /** {@code 1 token}, {@code 2 tokens}. */
    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static long secondsUntil(long millis, long nowMillis) {
        return Math.max(1, (millis - nowMillis + 999) / 1000);
    }

    private static Admission refused(LimitExceededException refusal, boolean atStreamLimit) {
        return new Admission(null, List.of(), refusal, atStreamLimit);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamLimits)) {
            return false;
        }
        StreamLimits l = (StreamLimits) o;
        return tokensPerMinute == l.tokensPerMinute && maxActiveTokens == l.maxActiveTokens && policy == l.policy;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(tokensPerMinute, maxActiveTokens, policy);
    }

    @Override
    public String toString() {
        return "StreamLimits[" + tokensPerMinute + " per minute, " + maxActiveTokens + " at once, " + policy.label()
                + "]";
    }
}
