package io.github.vodhls.core.calls;

/**
 * What runs before every call a {@code Hooked*} decorator passes to the port it wraps: counting the call for the
 * invocation's log line ({@link #counting}), or, in the local stack, waiting as a cloud round trip would.
 */
@FunctionalInterface
public interface CallHook {

    void beforeCall();

    /** Counts each call to {@code dependency} for the invocation on the calling thread ({@link RemoteCalls}). */
    static CallHook counting(Dependency dependency) {
        return () -> RemoteCalls.record(dependency);
    }
}
