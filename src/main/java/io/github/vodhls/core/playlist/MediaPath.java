package io.github.vodhls.core.playlist;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A media file's place under the playlist path: {@code {prefix}{videoId}/{dir/}*{file}}. Every segment is a plain
 * name ({@code A-Z a-z 0-9 . _ - @ :}, not {@code .} or {@code ..}, at most 128 characters, at most 8 deep), so a
 * parsed path can never point outside the origin's root, whatever the origin is.
 */
public final class MediaPath {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");
    private static final int MAX_DEPTH = 8;

    private final String videoId;
    private final List<String> segments;

    private MediaPath(String videoId, List<String> segments) {
        this.videoId = videoId;
        this.segments = segments;
    }

    /**
     * Parses a decoded request path.
     *
     * @param prefix e.g. {@code /media/}
     * @throws NotFoundException when the path is not under the prefix or names no file
     * @throws InvalidRequestException when a segment is not a plain name (traversal, control characters, ...)
     */
    public static MediaPath parse(String prefix, String path) {
        if (path == null || !path.startsWith(prefix)) {
            throw new NotFoundException("no media file at this path");
        }
        String rest = path.substring(prefix.length());
        String[] parts = rest.split("/", -1);
        if (parts.length < 2) {
            throw new NotFoundException("no media file at this path (expected " + prefix + "{videoId}/{file})");
        }
        if (parts.length > MAX_DEPTH + 1) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "the media path is too deep");
        }
        List<String> segments = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.equals(".") || part.equals("..") || !SEGMENT.matcher(part).matches()) {
                throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                        "media path segments must be plain names of A-Z a-z 0-9 . _ - @ : (no '..', no empty ones)");
            }
            segments.add(part);
        }
        return new MediaPath(segments.get(0), Collections.unmodifiableList(segments.subList(1, segments.size())));
    }

    public String videoId() {
        return videoId;
    }

    /** The path below the video's directory, e.g. {@code index.m3u8} or {@code sd/index.m3u8}. */
    public String file() {
        return String.join("/", segments);
    }

    /** The path below the origin's root: {@code {videoId}/{file}}. */
    public String relative() {
        return videoId + "/" + file();
    }

    /** The file below the video's directory, as segments. */
    public List<String> segments() {
        return segments;
    }

    /** True for {@code .m3u8} files (any case): the ones the playlist function rewrites. */
    public boolean isPlaylist() {
        return segments.get(segments.size() - 1).toLowerCase(Locale.ROOT).endsWith(".m3u8");
    }

    @Override
    public String toString() {
        return "MediaPath[" + relative() + "]";
    }
}
