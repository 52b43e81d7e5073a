package io.github.vodhls.core.token;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who is on the other end of a request, as far as token bindings care: the client IP and a coarse device type from
 * the User-Agent.
 */
public final class ClientInfo {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** Coarse device types a token can be bound to. */
    public static final String[] DEVICE_TYPES = {"android", "ios", "windows", "mac", "linux", "other"};

    private final String rawIp;
    private final String userAgent;
    private String ip;
    private String deviceType;
    private boolean resolved;

    /** A client known by its canonical IP (or null) and device type (or null). */
    public ClientInfo(String ip, String deviceType) {
        this(null, null, ip, deviceType, true);
    }

    private ClientInfo(String rawIp, String userAgent, String ip, String deviceType, boolean resolved) {
        this.rawIp = rawIp;
        this.userAgent = userAgent;
        this.ip = ip;
        this.deviceType = deviceType;
        this.resolved = resolved;
    }

    /**
     * A client as a request shows it. Nothing is parsed until a binding check asks: most tokens carry no binding,
     * and the key-fetch path should not pay for normalising an IP or classifying a User-Agent it never compares.
     *
     * @param ip the client IP as seen (any form; normalised, or null when missing or not an IP literal)
     * @param userAgent the User-Agent header, or null
     */
    public static ClientInfo observed(String ip, String userAgent) {
        return new ClientInfo(ip, userAgent, null, null, false);
    }

    private synchronized void resolve() {
        if (!resolved) {
            ip = rawIp == null || rawIp.trim().isEmpty() ? null : normalizeOrNull(rawIp.trim());
            deviceType = deviceType(userAgent);
            resolved = true;
        }
    }

    /** The client IP in canonical form, or null when unknown. */
    public String ip() {
        resolve();
        return ip;
    }

    public String deviceType() {
        resolve();
        return deviceType;
    }

    /** Classifies a User-Agent: android, ios, windows, mac, linux or other. */
    public static String deviceType(String userAgent) {
        if (userAgent == null) {
            return "other";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("android")) {
            return "android";
        }
        if (ua.contains("iphone") || ua.contains("ipad") || ua.contains("ipod") || ua.contains("ios")
                || ua.contains("appletv")) {
            return "ios";
        }
        if (ua.contains("windows")) {
            return "windows";
        }
        if (ua.contains("macintosh") || ua.contains("mac os")) {
            return "mac";
        }
        if (ua.contains("linux") || ua.contains("cros")) {
            return "linux";
        }
        return "other";
    }

    /** Validates a device type named by a caller. */
    public static String requireDeviceType(String field, String value) {
        for (String type : DEVICE_TYPES) {
            if (type.equals(value)) {
                return value;
            }
        }
        throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                field + " must be one of " + String.join(", ", DEVICE_TYPES));
    }

    /** Canonical form of an IP literal given by a caller; 400 when it is not one. Never resolves host names. */
    public static String requireIp(String field, String value) {
        String normalized = value == null ? null : normalizeOrNull(value.trim());
        if (normalized == null) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, field + " must be an IPv4 or IPv6 address");
        }
        return normalized;
    }

    private static boolean octetsInRange(String dotted) {
        for (String octet : dotted.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String normalizeOrNull(String literal) {
        String candidate = literal.startsWith("[") && literal.endsWith("]")
                ? literal.substring(1, literal.length() - 1) : literal;
        boolean v4 = IPV4.matcher(candidate).matches() && octetsInRange(candidate);
        boolean v6 = candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // Only literals reach this point, so no name lookup happens.
            return InetAddress.getByName(candidate).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ClientInfo[deviceType=" + deviceType() + "]";
    }
}
