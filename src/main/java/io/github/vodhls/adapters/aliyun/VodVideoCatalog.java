package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vod.model.v20170321.GetMezzanineInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetMezzanineInfoResponse;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.video.UploadStatus;
import io.github.vodhls.core.video.VideoCatalog;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link VideoCatalog} on ApsaraVideo VOD (API version 2017-03-21): one {@code GetMezzanineInfo} (HTTPS POST, JSON,
 * only {@code VideoId}) per question, read for {@code Mezzanine.Status}, the state of the video's source
 * ("mezzanine") file: {@code Normal} (uploaded) is {@link UploadStatus.State#COMPLETE}, {@code Uploading} (the initial
 * state) is {@link UploadStatus.State#UPLOADING}, {@code UploadFail} and {@code Deleted} are
 * {@link UploadStatus.State#FAILED}, and so is any value VOD may add (the detail names it). The error code
 * {@code InvalidVideo.NotFound} (HTTP 404: no such video) is {@link UploadStatus.State#UNKNOWN_VIDEO};
 * {@code InvalidFile.NotFound} (404: the video has no source file) is {@link UploadStatus.State#FAILED}. Every other
 * failure is translated by {@link VodErrors} (503). The answer's {@code FileURL} (a signed URL) is never read.
 */
public final class VodVideoCatalog implements VideoCatalog {
    private static final String OPERATION = "GetMezzanineInfo";
    static final String VIDEO_NOT_FOUND = "InvalidVideo.NotFound";
    static final String FILE_NOT_FOUND = "InvalidFile.NotFound";

    private final Supplier<? extends IAcsClient> client;

    /** @param client supplies the VOD client on first use (e.g. {@link AcsClients}); called on every request */
    public VodVideoCatalog(Supplier<? extends IAcsClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public UploadStatus uploadStatus(String videoId) {
        if (videoId == null || videoId.trim().isEmpty()) {
            throw new IllegalArgumentException("videoId is empty");
        }
        GetMezzanineInfoRequest request = new GetMezzanineInfoRequest();
        AcsClients.prepare(request);
        request.setVideoId(videoId);
        GetMezzanineInfoResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (ClientException e) {
            String code = AcsFailure.of("VOD", OPERATION, e).code();
            if (VIDEO_NOT_FOUND.equals(code)) {
                return UploadStatus.of(UploadStatus.State.UNKNOWN_VIDEO, code);
            }
            if (FILE_NOT_FOUND.equals(code)) {
                return UploadStatus.of(UploadStatus.State.FAILED, code);
            }
            throw VodErrors.translate(OPERATION, e);
        } catch (Exception e) {
            throw VodErrors.translate(OPERATION, e);
        }
        String status = response == null || response.getMezzanine() == null ? null
                : response.getMezzanine().getStatus();
        if (status == null || status.isEmpty()) {
            throw new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD " + OPERATION
                    + " returned no Mezzanine.Status");
        }
        String shown = status.replaceAll("[^A-Za-z0-9._-]", "?");
        String detail = "Mezzanine.Status=" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown);
        switch (status) {
            case "Normal":
                return UploadStatus.of(UploadStatus.State.COMPLETE, detail);
            case "Uploading":
                return UploadStatus.of(UploadStatus.State.UPLOADING, detail);
            default:
                return UploadStatus.of(UploadStatus.State.FAILED, detail);
        }
    }

    @Override
    public String toString() {
        return "VodVideoCatalog[" + OPERATION + "]";
    }
}
