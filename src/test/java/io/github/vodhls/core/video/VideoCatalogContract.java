package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorKind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VideoCatalog} must have. Each implementation's test extends this class: a video whose
 * upload the service holds is {@code COMPLETE}, an id it never saw is {@code UNKNOWN_VIDEO}, and a service that cannot
 * answer now fails with a 503 {@link DependencyUnavailableException} (never a guess).
 */
public abstract class VideoCatalogContract {

    /** The catalog of a service that answers. */
    protected abstract VideoCatalog catalog();

    /** A video the service holds a completed upload of. */
    protected abstract String uploadedVideo() throws Exception;

    /** The catalog of a service that cannot answer now, or null when the implementation cannot be unavailable. */
    protected abstract VideoCatalog unavailableCatalog();

    @Test
    void uploadStatus_ofACompletedUpload_isComplete() throws Exception {
        String video = uploadedVideo();
        assertEquals(UploadStatus.State.COMPLETE, catalog().uploadStatus(video).state());
    }

    @Test
    void uploadStatus_ofAVideoTheServiceNeverSaw_isUnknownVideo() {
        String never = UUID.randomUUID().toString().replace("-", "");
        assertEquals(UploadStatus.State.UNKNOWN_VIDEO, catalog().uploadStatus(never).state());
    }

    @Test
    void uploadStatus_whenTheServiceCannotAnswer_isDependencyUnavailable() throws Exception {
        VideoCatalog unavailable = unavailableCatalog();
        if (unavailable == null) {
            return;
        }
        String video = uploadedVideo();
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> unavailable.uploadStatus(video));
        assertEquals(ErrorKind.UNAVAILABLE, e.errorCode().kind());
    }
}
