package io.github.vodhls.core.video;

import java.util.List;

/**
 * Port to the service that knows a video's play URLs: ApsaraVideo VOD's {@code GetPlayInfo} in the cloud, the local
 * VOD emulation on one machine. The rules (which streams a viewer gets, caching, signed URLs) are
 * {@link PlayInfoService}'s.
 */
public interface PlayInfoSource {

    /**
     * The video's HLS ({@code m3u8}) streams as the service lists them: every transcode, encrypted or not.
     *
     * @throws io.github.vodhls.core.error.NotFoundException {@code VIDEO_NOT_FOUND} when the service knows no such
     *     video
     * @throws io.github.vodhls.core.error.ConflictException {@code VIDEO_NOT_READY} when the video has no stream to
     *     play yet (not transcoded, or not in a playable state), {@code NO_ENCRYPTED_STREAM} when the service says it
     *     has only streams of another encryption
     * @throws io.github.vodhls.core.error.DependencyUnavailableException when the service cannot answer now
     */
    List<PlayStream> hlsStreams(String videoId);
}
