package io.github.vodhls.core.playlist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where a viewer's token may go when the playlist function adds it to a URI. Whoever can change the origin's playlists
 * (a misconfigured bucket, a third-party packager, a multi-CDN master) must not collect viewers' tokens, so the token
 * goes only to:
 * <ul>
 *   <li>relative URIs ({@code seg/index.m3u8}, {@code /media/v/x.m3u8}): they resolve against the playlist's own URL;
 *   <li>absolute {@code https} URIs on the playlist's own host (the request's {@code Host}) or on a listed host;
 *   <li>absolute {@code http} URIs only on a host listed with {@code http://} (the operator's explicit choice, e.g. a
 *       loopback decrypt URL of the local stack).
 * </ul>
 * Scheme-relative URIs ({@code //host/...}) are treated as https to that host. Anything else ({@code ftp:},
 * {@code javascript:}, userinfo in the authority, another host) is left exactly as it was.
 *
 * <p>An entry is {@code host}, {@code host:port} or {@code http://host[:port]} (a URL's path is ignored); hosts compare
 * case-insensitively, a missing port is the scheme's default.
 */
public final class TokenTargets {
    private final List<String> httpsAuthorities;
    private final List<String> httpAuthorities;

    private TokenTargets(List<String> httpsAuthorities, List<String> httpAuthorities) {
        this.httpsAuthorities = Collections.unmodifiableList(httpsAuthorities);
        this.httpAuthorities = Collections.unmodifiableList(httpAuthorities);
    }

    /**
     * @param entries the listed hosts, as {@code host[:port]}, {@code https://host[:port]...} or
     *     {@code http://host[:port]...}
     * @throws IllegalArgumentException for an entry that names no host
     */
    public static TokenTargets of(List<String> entries) {
        List<String> https = new ArrayList<>();
        List<String> http = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            String lower = entry.toLowerCase(Locale.ROOT);
            boolean plainHttp = lower.startsWith("http://");
            String rest = plainHttp ? entry.substring(7) : lower.startsWith("https://") ? entry.substring(8) : entry;
            int slash = rest.indexOf('/');
            String authority = normalize(slash < 0 ? rest : rest.substring(0, slash), plainHttp ? 80 : 443);
            if (authority == null) {
                throw new IllegalArgumentException("'" + entry + "' names no host");
            }
            (plainHttp ? http : https).add(authority);
        }
        return new TokenTargets(https, http);
    }


    /**
     * Whether {@code uri} may carry the token.
     *
     * @param requestHost the {@code Host} the playlist was requested at, or null
     */
    public boolean mayCarry(String uri, String requestHost) {
        String trimmed = uri.trim();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            // Browsers' URL parser (WHATWG; video.js resolves with it) reads '\\' as '/' and drops tabs and newlines
            // anywhere: "\\\\evil/x", "/\\evil/x" and "https<TAB>://evil/x" all go to evil. No URI with them gets it.
            if (c <= 0x20 || c == 0x7F || c == '\\') {
                return false;
            }
        }
        if (trimmed.startsWith("//")) {
            return allowed(trimmed.substring(2), "https", requestHost);
        }
        int colon = schemeEnd(trimmed);
        if (colon < 0) {
            return true; // relative
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || !trimmed.startsWith("//", colon + 1)) {
            return false;
        }
        return allowed(trimmed.substring(colon + 3), scheme, requestHost);
    }

    private boolean allowed(String afterSlashes, String scheme, String requestHost) {
        int end = 0;
        while (end < afterSlashes.length() && "/?#".indexOf(afterSlashes.charAt(end)) < 0) {
            end++;
        }
        String rawAuthority = afterSlashes.substring(0, end);
        if (rawAuthority.indexOf('@') >= 0 || rawAuthority.indexOf('\\') >= 0) {
            return false; // userinfo: "https://trusted.example@evil.example/" must not pass for trusted.example
        }
        int defaultPort = scheme.equals("http") ? 80 : 443;
        String authority = normalize(rawAuthority, defaultPort);
        if (authority == null) {
            return false;
        }
        if (scheme.equals("http")) {
            return httpAuthorities.contains(authority);
        }
        return httpsAuthorities.contains(authority)
                || (requestHost != null && authority.equals(normalize(requestHost, defaultPort)));
    }

    /** {@code host:port}, lower case, the default port filled in; null when there is no usable host. */
    private static String normalize(String authority, int defaultPort) {
        String value = authority.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        boolean bracketed = value.startsWith("[");
        String host = value;
        int port = defaultPort;
        if (colon > 0 && (!bracketed || value.lastIndexOf(']') < colon)) {
            String digits = value.substring(colon + 1);
            if (!digits.matches("[0-9]{1,5}")) {
                return null;
            }
            host = value.substring(0, colon);
            port = Integer.parseInt(digits);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        boolean name = host.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
        boolean ipv6 = host.matches("\\[[0-9a-f:.]+\\]");
        return name || ipv6 ? host + ":" + port : null;
    }

    /** The index of the colon that ends a URI scheme ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}), or -1. */
    private static int schemeEnd(String uri) {
        if (uri.isEmpty() || !Character.isLetter(uri.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "TokenTargets[https " + httpsAuthorities + ", http " + httpAuthorities + "]";
    }
}
