package io.github.vodhls.core.entitlement;

/**
 * Port to the customer's business rule: may this user watch this video? Asked before any token is issued. An
 * implementation that cannot get an answer throws {@link io.github.vodhls.core.error.DependencyUnavailableException}
 * with {@code ENTITLEMENT_UNAVAILABLE}: the token function then fails closed (503), it never guesses "yes".
 */
public interface Entitlements {

    /** True if the user may watch the video. */
    boolean mayWatch(String userId, String videoId);
}
