package io.github.vodhls.core.playlist;

import java.util.Optional;

/**
 * Where the playlists VOD wrote live: a directory locally, an HTTP origin (OSS, a CDN origin) in the cloud. The
 * path is already checked by {@link MediaPath}; adapters still keep every read inside their root.
 */
public interface PlaylistOrigin {

    /**
     * The playlist at {@code path}, as text.
     *
     * @return empty when the origin has no such file
     * @throws io.github.vodhls.core.error.DependencyUnavailableException when the origin cannot be read now
     *     ({@code ORIGIN_UNAVAILABLE})
     * @throws io.github.vodhls.core.error.UpstreamResponseInvalidException when it answers something unusable
     *     ({@code ORIGIN_RESPONSE_INVALID})
     */
    Optional<String> read(MediaPath path);
}
