package io.github.vodhls.core.video;

/**
 * Port to the video service's record of its videos: ApsaraVideo VOD's {@code GetMezzanineInfo} in the cloud, the
 * local VOD emulation's uploads on one machine. The upload callback asks it before generating a key or submitting a
 * job, so that an event naming a video the service does not know, or whose upload did not complete, starts nothing.
 */
public interface VideoCatalog {

    /**
     * The state of the video's source upload.
     *
     * @throws io.github.vodhls.core.error.DependencyUnavailableException when the service cannot answer now
     *     (throttled, timed out, 5xx): the caller answers 503 and is retried
     */
    UploadStatus uploadStatus(String videoId);
}
