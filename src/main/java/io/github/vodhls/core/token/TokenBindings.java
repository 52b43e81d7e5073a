package io.github.vodhls.core.token;

import java.util.function.Function;
import io.github.vodhls.core.token.ClientInfo;

/** Which optional bindings new tokens get, and where the client IP comes from. */
public final class TokenBindings {
    private final boolean bindClientIp;
    private final boolean bindDeviceType;
    private final String clientIpHeader;

    /** @param clientIpHeader header a trusted CDN or proxy sets to the client IP, or empty for the source IP */
    public TokenBindings(boolean bindClientIp, boolean bindDeviceType, String clientIpHeader) {
        this.bindClientIp = bindClientIp;
        this.bindDeviceType = bindDeviceType;
        this.clientIpHeader = clientIpHeader == null ? "" : clientIpHeader;
    }

    public static TokenBindings none() {
        return new TokenBindings(false, false, "");
    }

    public boolean bindClientIp() {
        return bindClientIp;
    }

    public boolean bindDeviceType() {
        return bindDeviceType;
    }

    /**
     * The client as this deployment sees it: the IP from the configured header (its last comma-separated entry)
     * or the event's source IP, and the device type from the User-Agent.
     *
     * @param sourceIp the connection's address as the platform saw it, or null
     * @param header a request header by name (case-insensitive), or null when absent
     */
    public ClientInfo client(String sourceIp, Function<String, String> header) {
        String ip = sourceIp;
        if (!clientIpHeader.isEmpty()) {
            String forwarded = header.apply(clientIpHeader);
            // The rightmost entry is the one the proxy itself appended or set; entries to its left came from the
            // client and can be anything.
            ip = forwarded == null ? null : forwarded.substring(forwarded.lastIndexOf(',') + 1);
        }
        return ClientInfo.observed(ip, header.apply("User-Agent"));
    }
}
