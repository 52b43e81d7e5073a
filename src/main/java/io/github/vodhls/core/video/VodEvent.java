package io.github.vodhls.core.video;

import java.util.Objects;

/**
 * One ApsaraVideo VOD event notification (e.g. {@code FileUploadComplete}), as VOD posts it to the HTTP callback or
 * puts it into an MNS queue. Only {@code EventType} is always present; the other fields are null when the event
 * type does not carry them. {@link #toString()} leaves out the query of {@code FileUrl} (it may be signed).
 */
public final class VodEvent {
    public static final String FILE_UPLOAD_COMPLETE = "FileUploadComplete";
    public static final String STATUS_SUCCESS = "success";

    private final String eventType;
    private final String videoId;
    private final String status;
    private final String eventTime;
    private final String fileUrl;
    private final Long size;
    private final String extend;

    /**
     * @param eventType VOD's {@code EventType}, required
     * @param videoId   {@code VideoId}, or null
     * @param status    {@code Status} ({@code success} or {@code fail}), or null
     * @param eventTime {@code EventTime} as VOD wrote it (e.g. {@code 2024-05-01T08:00:00Z}), or null
     * @param fileUrl   {@code FileUrl}, or null
     * @param size      {@code Size} in bytes, or null
     * @param extend    {@code Extend}, the raw string the uploader attached, or null
     */
    public VodEvent(String eventType, String videoId, String status, String eventTime, String fileUrl, Long size,
            String extend) {
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.videoId = videoId;
        this.status = status;
        this.eventTime = eventTime;
        this.fileUrl = fileUrl;
        this.size = size;
        this.extend = extend;
    }

    public String eventType() {
        return eventType;
    }

    public String videoId() {
        return videoId;
    }

    public String status() {
        return status;
    }

    public String eventTime() {
        return eventTime;
    }

    public String fileUrl() {
        return fileUrl;
    }

    public Long size() {
        return size;
    }

    public String extend() {
        return extend;
    }

    /** A {@code FileUploadComplete} event with {@code Status} {@code success}: the trigger for encrypted transcoding. */
    public boolean isUploadSuccess() {
        return FILE_UPLOAD_COMPLETE.equals(eventType) && STATUS_SUCCESS.equalsIgnoreCase(status);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VodEvent)) {
            return false;
        }
        VodEvent other = (VodEvent) o;
        return eventType.equals(other.eventType) && Objects.equals(videoId, other.videoId)
                && Objects.equals(status, other.status) && Objects.equals(eventTime, other.eventTime)
                && Objects.equals(fileUrl, other.fileUrl) && Objects.equals(size, other.size)
                && Objects.equals(extend, other.extend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventType, videoId, status, eventTime, fileUrl, size, extend);
    }

    @Override
    public String toString() {
        return "VodEvent[eventType=" + eventType + ", videoId=" + videoId + ", status=" + status + ", eventTime="
                + eventTime + ", fileUrl=" + withoutQuery(fileUrl) + ", size=" + size
                + ", extend=" + (extend == null ? null : extend.length() + " chars") + "]";
    }

    /** The URL up to (not including) its query or fragment; null stays null. */
    static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int cut = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            cut = query;
        }
        if (fragment >= 0 && fragment < cut) {
            cut = fragment;
        }
        return url.substring(0, cut);
    }
}
