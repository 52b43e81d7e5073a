package io.github.vodhls.core.video;

import java.util.Objects;

/**
 * What the video service says of a video's source upload ({@link VideoCatalog#uploadStatus}): complete, still
 * uploading, failed or gone, or no such video; with the service's own words for the log (e.g.
 * {@code Mezzanine.Status=Normal}, {@code InvalidVideo.NotFound}), never a URL.
 */
public final class UploadStatus {

    /** Where the source upload stands. */
    public enum State {
        /** The source file is uploaded: the video may be transcoded. */
        COMPLETE,
        /** The upload is still under way: ask again later. */
        UPLOADING,
        /** The upload failed or the source was deleted: it will not complete. */
        FAILED,
        /** The service knows no such video. */
        UNKNOWN_VIDEO
    }

    private final State state;
    private final String detail;

    private UploadStatus(State state, String detail) {
        this.state = Objects.requireNonNull(state, "state");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * @param detail the service's status or error code, for the log
     */
    public static UploadStatus of(State state, String detail) {
        return new UploadStatus(state, detail);
    }

    public State state() {
        return state;
    }

    /** The service's status or error code, e.g. {@code Mezzanine.Status=UploadFail}. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadStatus && state == ((UploadStatus) o).state
                && detail.equals(((UploadStatus) o).detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, detail);
    }

    @Override
    public String toString() {
        return "UploadStatus[" + state + ", " + detail + "]";
    }
}
