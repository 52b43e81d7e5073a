package io.github.vodhls.core.auth;

import java.util.Objects;

/** Who called the token function: the customer's backend (API key) or a viewer (their app's login token). */
public final class Caller {
    private static final Caller BACKEND = new Caller(null);

    private final String viewerId;

    private Caller(String viewerId) {
        this.viewerId = viewerId;
    }

    public static Caller backend() {
        return BACKEND;
    }

    public static Caller viewer(String userId) {
        return new Caller(Objects.requireNonNull(userId, "userId"));
    }

    public boolean isViewer() {
        return viewerId != null;
    }

    /** The viewer's user id; only for viewers. */
    public String viewerId() {
        if (viewerId == null) {
            throw new IllegalStateException("the backend is not a viewer");
        }
        return viewerId;
    }

    @Override
    public String toString() {
        return viewerId == null ? "Caller[backend]" : "Caller[viewer " + viewerId + "]";
    }
}
