package io.github.vodhls.core.calls;

/**
 * The remote systems a function calls, as the request log line counts them ({@link RemoteCalls}): each has its
 * {@code <name>Calls} field.
 */
public enum Dependency {
    /** The state store: Tablestore in the cloud, H2 (or memory) locally; token, video and callback tables. */
    STORE("store"),
    /** KMS ({@code GenerateDataKey}, {@code Decrypt}), or the local KMS. */
    KMS("kms"),
    /** ApsaraVideo VOD (transcoding, upload status, play info, VOD-made data keys), or the local emulation. */
    VOD("vod"),
    /** The playlist origin (HTTP, or the local media directory). */
    ORIGIN("origin"),
    /** The customer's entitlement webhook (or the local rule). */
    ENTITLEMENT("entitlement");

    private final String callsField;

    Dependency(String logName) {
        this.callsField = logName + "Calls";
    }

    /** The log line's field of this dependency's call count, e.g. {@code storeCalls}. */
    public String callsField() {
        return callsField;
    }
}
