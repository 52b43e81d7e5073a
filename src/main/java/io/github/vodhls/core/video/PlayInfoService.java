package io.github.vodhls.core.video;

import io.github.vodhls.core.cache.BoundedTtlCache;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A video's play URLs as the media service lists them, kept to what a viewer with an {@code MtsHlsUriToken} can play:
 * HLS ({@code m3u8}) streams encrypted with HLS encryption ({@code Encrypt} 1, {@code EncryptType}
 * {@value #HLS_ENCRYPTION}; not VOD's proprietary {@code AliyunVoDEncryption}, which only Alibaba's player SDK opens, nor
 * plain streams), in the {@code Normal} state, one per definition (the newest, when a video was transcoded more than
 * once).
 *
 * <p>The answer is cached per instance for a short time (PLAY_INFO_CACHE_SECONDS): a video's play URLs change only
 * when it is transcoded again, and {@code GetPlayInfo} is rate-limited. A cached answer whose URLs are signed
 * ({@link SignedUrls}) is served only while each still has at least that long before its signature's timestamp, so a
 * URL handed out from the cache has as much signed life ahead as the cache is allowed to be stale, never less.
 */
public final class PlayInfoService {
    /** GetPlayInfo's {@code EncryptType} of a stream encrypted with HLS encryption (AES-128, any HLS player). */
    public static final String HLS_ENCRYPTION = "HLSEncryption";

    private final PlayInfoSource source;
    private final BoundedTtlCache<String, List<PlayStream>> cache;
    private final Duration cacheTtl;
    private final boolean byDefault;
    private final Clock clock;
    private final String playlistBaseUrl;

    /** Play URLs as the service gives them (a CDN that rewrites the key URI itself, or the local stack). */
    public PlayInfoService(PlayInfoSource source, int maxEntries, Duration cacheTtl, boolean byDefault, Clock clock) {
        this(source, maxEntries, cacheTtl, byDefault, clock, "");
    }

    /**
     * @param maxEntries how many videos' answers one instance keeps
     * @param cacheTtl how long an answer is kept at most (zero: not cached)
     * @param byDefault whether a token comes with the play URLs when its request does not say (PLAY_INFO)
     * @param playlistBaseUrl the playlist function in front of VOD's output (PLAY_INFO_PLAYLIST_BASE_URL), e.g.
     *     {@code https://vod.example.com/media}: each play URL {@code <anything>/<videoId>/<file>.m3u8?<query>}
     *     becomes {@code <playlistBaseUrl>/<videoId>/<file>.m3u8}; empty: VOD's URLs as they are
     */
    public PlayInfoService(PlayInfoSource source, int maxEntries, Duration cacheTtl, boolean byDefault, Clock clock,
            String playlistBaseUrl) {
        this.source = Objects.requireNonNull(source, "source");
        this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl");
        this.cache = new BoundedTtlCache<>(maxEntries, cacheTtl, clock);
        this.byDefault = byDefault;
        this.clock = clock;
        String base = Objects.requireNonNull(playlistBaseUrl, "playlistBaseUrl");
        this.playlistBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Whether a token request that does not say gets the play URLs. */
    public boolean byDefault() {
        return byDefault;
    }

    /**
     * The video's streams encrypted with HLS encryption, one per definition, in the order the service listed them.
     *
     * @throws ConflictException {@code VIDEO_NOT_READY} when the service lists no HLS stream at all,
     *     {@code NO_ENCRYPTED_STREAM} when none of those it lists is a playable HLS-encrypted one; and whatever the
     *     source throws ({@link PlayInfoSource#hlsStreams})
     */
    public List<PlayStream> encryptedStreams(String videoId) {
        List<PlayStream> cached = cache.get(videoId);
        if (cached != null) {
            return cached;
        }
        List<PlayStream> listed = source.hlsStreams(videoId);
        if (listed.isEmpty()) {
            throw new ConflictException(ErrorCode.VIDEO_NOT_READY, "the video has no HLS stream yet; it plays once "
                    + "transcoded");
        }
        List<PlayStream> kept = encryptedOnePerDefinition(listed);
        if (kept.isEmpty()) {
            throw new ConflictException(ErrorCode.NO_ENCRYPTED_STREAM, "none of the video's " + listed.size()
                    + " HLS stream(s) is encrypted with HLS encryption and playable");
        }
        if (!playlistBaseUrl.isEmpty()) {
            kept = throughThePlaylistFunction(videoId, kept);
        }
        cache.put(videoId, kept, cacheableUntil(kept));
        return kept;
    }

    /** The streams a token opens: HLS-encrypted, m3u8, Normal, with a URL; the newest of each definition. */
    static List<PlayStream> encryptedOnePerDefinition(List<PlayStream> listed) {
        Map<String, PlayStream> byDefinition = new LinkedHashMap<>();
        for (PlayStream stream : listed) {
            if (!stream.encrypted() || !HLS_ENCRYPTION.equals(stream.encryptType())
                    || !"m3u8".equalsIgnoreCase(stream.format()) || !"Normal".equals(stream.status())
                    || stream.url() == null || stream.url().isEmpty()) {
                continue;
            }
            String definition = String.valueOf(stream.definition());
            PlayStream seen = byDefinition.get(definition);
            if (seen == null || newer(stream, seen)) {
                byDefinition.put(definition, stream);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(byDefinition.values()));
    }

    /**
     * The streams with their URLs moved to the playlist function: the path from {@code /<videoId>/} on, without the
     * query (a CDN signature is the CDN's, not the function's, which reads the origin itself) or fragment.
     *
     * @throws ConfigurationException (PLAY_INFO_PLAYLIST_BASE_URL) when a URL's path has no {@code /<videoId>/}, the
     *     only layout the playlist function's origin ({@code ORIGIN_BASE_URL/<videoId>/<path>}) can serve
     */
    private List<PlayStream> throughThePlaylistFunction(String videoId, List<PlayStream> streams) {
        List<PlayStream> moved = new ArrayList<>();
        for (PlayStream stream : streams) {
            String url = stream.url();
            int end = url.length();
            for (char c : new char[] {'?', '#'}) {
                int at = url.indexOf(c);
                end = at >= 0 && at < end ? at : end;
            }
            String path = url.substring(0, end);
            int scheme = path.indexOf("://");
            int at = path.indexOf("/" + videoId + "/", scheme < 0 ? 0 : scheme + 3);
            if (at < 0) {
                throw new ConfigurationException("PLAY_INFO_PLAYLIST_BASE_URL", "VOD's play URLs of this video have no "
                        + "/<videoId>/ in their path, so the playlist function cannot serve them");
            }
            moved.add(new PlayStream(stream.definition(), stream.format(), stream.encrypted(), stream.encryptType(),
                    stream.status(), stream.width(), stream.height(), stream.bitrateKbps(),
                    playlistBaseUrl + path.substring(at), stream.createdAt()));
        }
        return Collections.unmodifiableList(moved);
    }

    private static boolean newer(PlayStream candidate, PlayStream seen) {
        return candidate.createdAt() != null && (seen.createdAt() == null
                || candidate.createdAt().isAfter(seen.createdAt()));
    }

    /** Now plus the cache's time to live, or earlier: while every signed URL has that long left before its end. */
    private Instant cacheableUntil(List<PlayStream> streams) {
        Instant until = clock.instant().plus(cacheTtl);
        for (PlayStream stream : streams) {
            Optional<Instant> signedUntil = SignedUrls.signedUntil(stream.url());
            if (signedUntil.isPresent() && signedUntil.get().minus(cacheTtl).isBefore(until)) {
                until = signedUntil.get().minus(cacheTtl);
            }
        }
        return until;
    }
}
