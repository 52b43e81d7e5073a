package io.github.vodhls.adapters.local.vod;

import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.video.PlayInfoService;
import io.github.vodhls.core.video.PlayInfoSource;
import io.github.vodhls.core.video.PlayStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local VOD emulation's answer to {@code GetPlayInfo}: a video uploaded to it and transcoded ({@code Normal}) has
 * one HLS stream, encrypted with HLS encryption by {@link FfmpegTranscoder}, played at the local playlist route
 * {@code <mediaBaseUrl>/<videoId>/index.m3u8} (which adds the token to the key URI as the CDN's rewrite would); a
 * video still uploading or transcoding, or whose transcoding failed, has none yet ({@code VIDEO_NOT_READY}); any
 * other id is unknown ({@code VIDEO_NOT_FOUND}). The transcoder keeps the source's resolution and does not report it,
 * so width, height and bitrate are not known here; the definition is VOD's for original quality, {@code OD}.
 */
public final class LocalPlayInfo implements PlayInfoSource {
    private final LocalVideos videos;
    private final String mediaBaseUrl;

    /** @param mediaBaseUrl the local playlist route, e.g. {@code http://127.0.0.1:8080/media} */
    public LocalPlayInfo(LocalVideos videos, String mediaBaseUrl) {
        this.videos = Objects.requireNonNull(videos, "videos");
        this.mediaBaseUrl = Objects.requireNonNull(mediaBaseUrl, "mediaBaseUrl");
    }

    @Override
    public List<PlayStream> hlsStreams(String videoId) {
        Optional<LocalVideos.Video> video = videos.get(videoId);
        if (video.isEmpty()) {
            throw new NotFoundException(ErrorCode.VIDEO_NOT_FOUND, "the local VOD has no such video");
        }
        LocalVideos.Status status = video.get().status();
        if (status != LocalVideos.Status.Normal) {
            throw new ConflictException(ErrorCode.VIDEO_NOT_READY, "the video is " + status
                    + (status == LocalVideos.Status.Transcoding ? " (" + video.get().progress() + "%)" : "")
                    + "; it plays once Normal");
        }
        return List.of(new PlayStream("OD", "m3u8", true, PlayInfoService.HLS_ENCRYPTION, "Normal", null, null, null,
                mediaBaseUrl + "/" + videoId + "/" + FfmpegTranscoder.PLAYLIST, null));
    }

    @Override
    public String toString() {
        return "LocalPlayInfo[" + mediaBaseUrl + "]";
    }
}
