package io.github.vodhls.core.playlist;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The CDN's "M3U8 encryption and rewrite" for one viewer: puts the viewer's {@code MtsHlsUriToken} on every key URI
 * of an RFC 8216 playlist and, in a master playlist, on every nested playlist URI, so that those come back through
 * the playlist function and get their keys rewritten too.
 *
 * <p>Rewritten are the {@code URI} attribute of {@code #EXT-X-KEY} and {@code #EXT-X-SESSION-KEY} (unless
 * {@code METHOD=NONE}), of {@code #EXT-X-MEDIA} and {@code #EXT-X-I-FRAME-STREAM-INF}, and the URI line that
 * follows {@code #EXT-X-STREAM-INF}. {@code data:} and {@code skd:} URIs (keys carried inline or delivered by
 * FairPlay) and empty URIs are left alone. Inside a rewritten line only the URI's characters change; every other
 * line, and every line terminator (LF, CRLF or a lone CR), is passed through as it was. Tag names are matched as
 * the RFC spells them; attribute lists are read leniently ({@link AttributeList}), and a line that cannot be read
 * (an unclosed quote) is left unchanged. One pass, linear in the length of the playlist; never throws on any text.
 */
public final class PlaylistRewriter {

    /** The query parameter that carries the viewer's token to the decrypt and playlist functions. */
    public static final String TOKEN_PARAMETER = "MtsHlsUriToken";

    private static final String KEY = "#EXT-X-KEY";
    private static final String SESSION_KEY = "#EXT-X-SESSION-KEY";
    private static final String MEDIA = "#EXT-X-MEDIA";
    private static final String I_FRAME_STREAM_INF = "#EXT-X-I-FRAME-STREAM-INF";
    private static final String STREAM_INF = "#EXT-X-STREAM-INF";

    private PlaylistRewriter() {
    }

    /** What a rewrite may produce: at most this many characters and this many URIs given the token. */
    public static final class Limits {
        final long maxChars;
        final int maxTokenUris;

        /**
         * @param maxChars the longest output (characters; the playlists are ASCII in practice, so about bytes)
         * @param maxTokenUris the most URIs that get the token
         */
        public Limits(long maxChars, int maxTokenUris) {
            if (maxChars < 1 || maxTokenUris < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
            this.maxChars = maxChars;
            this.maxTokenUris = maxTokenUris;
        }

        static final Limits NONE = new Limits(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A rewritten playlist and what the rewrite did. */
    public static final class Result {
        private final String text;
        private final int tokenUris;
        private final int withheld;

        Result(String text, int tokenUris, int withheld) {
            this.text = text;
            this.tokenUris = tokenUris;
            this.withheld = withheld;
        }

        public String text() {
            return text;
        }

        /** URIs that got the token. */
        public int tokenUris() {
            return tokenUris;
        }

        /** URIs that would have got the token but point where it may not go ({@link TokenTargets}): left as they were. */
        public int withheld() {
            return withheld;
        }
    }

    /**
     * Rewrites the playlist text for one viewer's token, adding it only to URIs {@code targets} allows and within
     * {@code limits}.
     *
     * @param requestHost the {@code Host} the playlist was requested at (its own host), or null
     * @throws UpstreamResponseInvalidException ORIGIN_RESPONSE_INVALID when the output would exceed a limit; memory
     *     stays proportional to the limit
     * @throws NullPointerException if an argument is null (but {@code requestHost})
     */
    public static Result rewrite(String playlist, String token, TokenTargets targets, String requestHost,
            Limits limits) {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(limits, "limits");
        return rewrite(playlist, new Pass(tokenParameter(token), targets, requestHost, limits));
    }

    /** Every URI gets the token, without limits: for the rewriter's own tests. Never throws for any text. */
    static String rewrite(String playlist, String token) {
        return rewrite(playlist, new Pass(tokenParameter(token), null, null, Limits.NONE)).text();
    }

    /** One rewrite's settings and counts. */
    private static final class Pass {
        final String parameter;
        final TokenTargets targets;
        final String requestHost;
        final Limits limits;
        int tokenUris;
        int withheld;

        Pass(String parameter, TokenTargets targets, String requestHost, Limits limits) {
            this.parameter = parameter;
            this.targets = targets;
            this.requestHost = requestHost;
            this.limits = limits;
        }

        /** Whether this URI gets the token; counts it either way and enforces the URI limit. */
        boolean take(String uri) {
            if (targets != null && !targets.mayCarry(uri, requestHost)) {
                withheld++;
                return false;
            }
            if (++tokenUris > limits.maxTokenUris) {
                throw new UpstreamResponseInvalidException(ErrorCode.ORIGIN_RESPONSE_INVALID, "the playlist has more "
                        + "than " + limits.maxTokenUris + " URIs to give the token (PLAYLIST_MAX_TOKEN_URIS)");
            }
            return true;
        }

        void check(long length) {
            if (length > limits.maxChars) {
                throw new UpstreamResponseInvalidException(ErrorCode.ORIGIN_RESPONSE_INVALID, "the rewritten "
                        + "playlist would exceed " + limits.maxChars + " characters (PLAYLIST_MAX_OUTPUT_BYTES)");
            }
        }
    }

    private static Result rewrite(String playlist, Pass pass) {
        Objects.requireNonNull(playlist, "playlist");
        int length = playlist.length();
        StringBuilder out = new StringBuilder((int) Math.min(length + 256L, pass.limits.maxChars));
        boolean variantUriExpected = false;
        int lineStart = 0;
        while (lineStart < length) {
            int lineEnd = lineStart;
            while (lineEnd < length && playlist.charAt(lineEnd) != '\n' && playlist.charAt(lineEnd) != '\r') {
                lineEnd++;
            }
            int next = lineEnd;
            if (next < length) {
                boolean crlf = playlist.charAt(next) == '\r' && next + 1 < length && playlist.charAt(next + 1) == '\n';
                next += crlf ? 2 : 1;
            }
            String line = playlist.substring(lineStart, lineEnd);
            if (line.startsWith("#")) {
                variantUriExpected |= isTag(line, STREAM_INF);
                out.append(rewriteTag(line, pass, out.length()));
            } else if (variantUriExpected && AttributeList.skipSpaces(line, 0, line.length()) < line.length()) {
                variantUriExpected = false;
                out.append(rewriteVariantUri(line, pass));
            } else {
                out.append(line);
            }
            out.append(playlist, lineEnd, next);
            pass.check(out.length());
            lineStart = next;
        }
        return new Result(out.toString(), pass.tokenUris, pass.withheld);
    }

    /**
     * The uri with exactly one {@code MtsHlsUriToken=<token, URL-encoded as UTF-8>} in its query. The first existing
     * {@code MtsHlsUriToken} parameter (any value, also a bare {@code MtsHlsUriToken} without {@code =}) is replaced
     * where it stands and later ones are dropped; without one, the parameter is appended to the query with {@code ?}
     * or {@code &} as needed. A {@code #fragment} stays after the query; every other character of the uri is kept.
     *
     * @throws NullPointerException if an argument is null
     */
    public static String withToken(String uri, String token) {
        Objects.requireNonNull(uri, "uri");
        return withParameter(uri, tokenParameter(token));
    }

    /**
     * True when the text starts with {@code #EXTM3U}, after an optional UTF-8 BOM and, leniently, leading white
     * space.
     *
     * @throws NullPointerException if the text is null
     */
    public static boolean isPlaylist(String text) {
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        return text.startsWith("#EXTM3U", AttributeList.skipSpaces(text, start, text.length()));
    }

    private static String tokenParameter(String token) {
        Objects.requireNonNull(token, "token");
        return TOKEN_PARAMETER + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** A tag line: its name exactly, then its attribute list after a colon, or nothing. */
    private static boolean isTag(String line, String tagName) {
        return line.startsWith(tagName) && (line.length() == tagName.length() || line.charAt(tagName.length()) == ':');
    }

    private static String rewriteTag(String line, Pass pass, long written) {
        boolean key = isTag(line, KEY) || isTag(line, SESSION_KEY);
        if (!key && !isTag(line, MEDIA) && !isTag(line, I_FRAME_STREAM_INF)) {
            return line;
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            return line;
        }
        List<AttributeList.Attribute> attributes = AttributeList.parse(line, colon + 1);
        if (attributes == null || (key && hasMethodNone(line, attributes))) {
            return line;
        }
        StringBuilder rewritten = null;
        int copied = 0;
        for (AttributeList.Attribute attribute : attributes) {
            if (attribute.isNamed("URI") && takesToken(line, attribute.valueStart, attribute.valueEnd)
                    && pass.take(line.substring(attribute.valueStart, attribute.valueEnd))) {
                if (rewritten == null) {
                    rewritten = new StringBuilder(line.length() + pass.parameter.length() + 1);
                }
                rewritten.append(line, copied, attribute.valueStart).append(withParameter(
                        line.substring(attribute.valueStart, attribute.valueEnd), pass.parameter));
                copied = attribute.valueEnd;
                pass.check(written + rewritten.length());
            }
        }
        return rewritten == null ? line : rewritten.append(line, copied, line.length()).toString();
    }

    private static boolean hasMethodNone(String line, List<AttributeList.Attribute> attributes) {
        for (AttributeList.Attribute attribute : attributes) {
            if (attribute.isNamed("METHOD")
                    && line.substring(attribute.valueStart, attribute.valueEnd).equalsIgnoreCase("NONE")) {
                return true;
            }
        }
        return false;
    }

    /** The URI line after {@code #EXT-X-STREAM-INF}; white space around the URI is kept. */
    private static String rewriteVariantUri(String line, Pass pass) {
        int start = AttributeList.skipSpaces(line, 0, line.length());
        int end = AttributeList.trimSpacesEnd(line, start, line.length());
        if (!takesToken(line, start, end) || !pass.take(line.substring(start, end))) {
            return line;
        }
        return line.substring(0, start) + withParameter(line.substring(start, end), pass.parameter)
                + line.substring(end);
    }

    /** Not empty, and neither an inline {@code data:} URI nor a FairPlay {@code skd:} URI. */
    private static boolean takesToken(String line, int start, int end) {
        return end > start && !hasScheme(line, start, end, "data:") && !hasScheme(line, start, end, "skd:");
    }

    private static boolean hasScheme(String line, int start, int end, String scheme) {
        return end - start >= scheme.length() && line.regionMatches(true, start, scheme, 0, scheme.length());
    }

    /** {@link #withToken} with the parameter already built: {@code MtsHlsUriToken=<encoded token>}. */
    private static String withParameter(String uri, String parameter) {
        int fragment = uri.indexOf('#');
        int queryEnd = fragment < 0 ? uri.length() : fragment;
        int question = uri.indexOf('?');
        StringBuilder out = new StringBuilder(uri.length() + parameter.length() + 1);
        if (question < 0 || question > queryEnd) {
            return out.append(uri, 0, queryEnd).append('?').append(parameter).append(uri, queryEnd, uri.length())
                    .toString();
        }
        int queryStart = question + 1;
        out.append(uri, 0, queryStart);
        boolean placed = false;
        int kept = 0;
        int segmentStart = queryStart;
        while (true) {
            int ampersand = uri.indexOf('&', segmentStart);
            int segmentEnd = ampersand < 0 || ampersand > queryEnd ? queryEnd : ampersand;
            boolean tokenSegment = isTokenParameter(uri, segmentStart, segmentEnd);
            if (!tokenSegment || !placed) {
                if (kept++ > 0) {
                    out.append('&');
                }
                if (tokenSegment) {
                    out.append(parameter);
                    placed = true;
                } else {
                    out.append(uri, segmentStart, segmentEnd);
                }
            }
            if (segmentEnd == queryEnd) {
                break;
            }
            segmentStart = segmentEnd + 1;
        }
        if (!placed) {
            if (out.length() > queryStart && out.charAt(out.length() - 1) != '&') {
                out.append('&');
            }
            out.append(parameter);
        }
        return out.append(uri, queryEnd, uri.length()).toString();
    }

    /** {@code MtsHlsUriToken} or {@code MtsHlsUriToken=<anything>}, spanning {@code [start, end)}. */
    private static boolean isTokenParameter(String uri, int start, int end) {
        int nameLength = TOKEN_PARAMETER.length();
        return uri.startsWith(TOKEN_PARAMETER, start)
                && (end - start == nameLength || (end - start > nameLength && uri.charAt(start + nameLength) == '='));
    }
}
