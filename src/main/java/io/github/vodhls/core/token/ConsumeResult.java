package io.github.vodhls.core.token;

/** Outcome of {@link TokenStore#consume}. */
public final class ConsumeResult {

    /** Why a use was or was not granted. */
    public enum Status {
        CONSUMED, EXHAUSTED, REVOKED, UNKNOWN,
        /** Past the token's {@code exp}, and its play session is not active. */
        EXPIRED
    }

    private static final ConsumeResult EXHAUSTED = new ConsumeResult(Status.EXHAUSTED, -1);
    private static final ConsumeResult REVOKED = new ConsumeResult(Status.REVOKED, -1);
    private static final ConsumeResult UNKNOWN = new ConsumeResult(Status.UNKNOWN, -1);
    private static final ConsumeResult EXPIRED = new ConsumeResult(Status.EXPIRED, -1);

    private final Status status;
    private final int usesAfter;

    private ConsumeResult(Status status, int usesAfter) {
        this.status = status;
        this.usesAfter = usesAfter;
    }

    /** A use was granted; the token has now been used {@code usesAfter} times. */
    public static ConsumeResult consumed(int usesAfter) {
        return new ConsumeResult(Status.CONSUMED, usesAfter);
    }

    public static ConsumeResult exhausted() {
        return EXHAUSTED;
    }

    public static ConsumeResult revoked() {
        return REVOKED;
    }

    public static ConsumeResult unknown() {
        return UNKNOWN;
    }

    public static ConsumeResult expired() {
        return EXPIRED;
    }

    /**
     * The refusal a store's diagnosis (a read after the refused write) stands for. {@code ACTIVE} means the state
     * changed in between (a refresh moved the session's end): that write was refused for an expired session, so it is
     * {@code EXPIRED}, and the player's retry sees the new state.
     */
    public static ConsumeResult refused(TokenStanding why) {
        switch (why) {
            case REVOKED:
                return REVOKED;
            case EXHAUSTED:
                return EXHAUSTED;
            case ACTIVE:
            case EXPIRED:
                return EXPIRED;
            case UNKNOWN:
                return UNKNOWN;
            default:
                throw new IllegalArgumentException("no refusal: " + why);
        }
    }

    public Status status() {
        return status;
    }

    public boolean isConsumed() {
        return status == Status.CONSUMED;
    }

    /** Uses after this one, or -1 when none was granted. */
    public int usesAfter() {
        return usesAfter;
    }

    @Override
    public String toString() {
        return status == Status.CONSUMED ? "CONSUMED(" + usesAfter + ")" : status.name();
    }
}
