package io.github.vodhls.core.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One viewer's recent token issues and live tokens, as the store keeps them for {@link StreamLimits}, with the
 * version they were read at (0: nothing stored yet). Immutable. A successor made by {@link #with} keeps the version
 * it was derived from, and the store writes it only if the stored version is still that one
 * ({@link TokenStore#updateViewerStreams}).
 *
 * <p>Stored as two texts (the store adapters keep them as they are): the issues as comma-separated epoch
 * milliseconds, oldest first ({@code 1767225600000,1767225600020}); the live tokens as comma-separated entries of
 * space-separated {@code tokenId videoId issuedAtSeconds expiresAtSeconds device}, the device empty when the request
 * named none ({@code Xb3… video-1 1767225600 1767229200 tv}). Ids never contain a space or a comma.
 */
public final class ViewerStreams {
    private static final ViewerStreams NONE = new ViewerStreams(0, List.of(), List.of());

    private final long version;
    private final List<Long> issuedAtMillis;
    private final List<LiveToken> live;

    private ViewerStreams(long version, List<Long> issuedAtMillis, List<LiveToken> live) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        this.version = version;
        this.issuedAtMillis = Collections.unmodifiableList(new ArrayList<>(issuedAtMillis));
        this.live = Collections.unmodifiableList(new ArrayList<>(live));
    }

    /** A viewer the store knows nothing of (version 0). */
    public static ViewerStreams none() {
        return NONE;
    }

    /**
     * The state as stored at {@code version} (at least 1), from the two texts {@link #encodedIssues} and
     * {@link #encodedLive} wrote.
     *
     * @throws IllegalStateException when a text is not what they write (the store was written by something else)
     */
    public static ViewerStreams decode(long version, String issues, String live) {
        if (version < 1 || issues == null || live == null) {
            throw new IllegalStateException("stored viewer streams are incomplete (version " + version + ")");
        }
        try {
            List<Long> issued = new ArrayList<>();
            for (String entry : entries(issues)) {
                issued.add(Long.parseLong(entry));
            }
            List<LiveToken> tokens = new ArrayList<>();
            for (String entry : entries(live)) {
                String[] fields = entry.split(" ", -1);
                if (fields.length != 5) {
                    throw new IllegalStateException("a live token entry has " + fields.length + " fields, not 5");
                }
                tokens.add(new LiveToken(fields[0], fields[1], fields[4].isEmpty() ? null : fields[4],
                        Instant.ofEpochSecond(Long.parseLong(fields[2])),
                        Instant.ofEpochSecond(Long.parseLong(fields[3]))));
            }
            return new ViewerStreams(version, issued, tokens);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("stored viewer streams hold a malformed number (version " + version + ")");
        }
    }

    private static List<String> entries(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split(",", -1));
    }

    /** A successor with these issues and live tokens, derived from this state (same version). */
    public ViewerStreams with(List<Long> issuedAtMillis, List<LiveToken> live) {
        return new ViewerStreams(version, issuedAtMillis, live);
    }

    /** This state as a store holds it once written at {@code version} (for stores that keep the object itself). */
    public ViewerStreams atVersion(long version) {
        return new ViewerStreams(version, issuedAtMillis, live);
    }

    /** The version this state was read at, or derived from; 0 when nothing was stored. */
    public long version() {
        return version;
    }

    /** When the viewer's counted token requests came, epoch milliseconds, oldest first. */
    public List<Long> issuedAtMillis() {
        return issuedAtMillis;
    }

    /** The tokens counted as the viewer's streams, oldest first. */
    public List<LiveToken> live() {
        return live;
    }

    /** The issues as stored: comma-separated epoch milliseconds. */
    public String encodedIssues() {
        StringBuilder text = new StringBuilder();
        for (Long millis : issuedAtMillis) {
            text.append(text.length() == 0 ? "" : ",").append(millis);
        }
        return text.toString();
    }

    /** The live tokens as stored: comma-separated {@code tokenId videoId issuedAt expiresAt device}. */
    public String encodedLive() {
        StringBuilder text = new StringBuilder();
        for (LiveToken token : live) {
            text.append(text.length() == 0 ? "" : ",").append(token.tokenId()).append(' ').append(token.videoId())
                    .append(' ').append(token.issuedAt().getEpochSecond()).append(' ')
                    .append(token.expiresAt().getEpochSecond()).append(' ')
                    .append(token.device() == null ? "" : token.device());
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ViewerStreams)) {
            return false;
        }
        ViewerStreams s = (ViewerStreams) o;
        return version == s.version && issuedAtMillis.equals(s.issuedAtMillis) && live.equals(s.live);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(version, issuedAtMillis, live);
    }

    @Override
    public String toString() {
        return "ViewerStreams[version=" + version + ", issues=" + issuedAtMillis.size() + ", live=" + live + "]";
    }
}
