package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.video.PlayInfoSource;
import io.github.vodhls.core.video.PlayStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link PlayInfoSource} on ApsaraVideo VOD's {@code GetPlayInfo} (API version 2017-03-21): {@code VideoId},
 * {@code Formats=m3u8} and {@code ResultType=Multiple} (every transcoded stream, not only the latest of each definition,
 * so an HLS-encrypted stream is found even when a later transcode made a plain one), HTTPS POST with a JSON answer.
 * Each {@code PlayInfo} becomes a {@link PlayStream} as VOD gave it ({@code Definition}, {@code Format},
 * {@code Encrypt}, {@code EncryptType}, {@code Status}, {@code Width}, {@code Height}, {@code Bitrate} in Kbit/s,
 * {@code PlayURL}, {@code CreationTime}); which streams a viewer gets is {@code PlayInfoService}'s rule. Without
 * {@code AuthTimeout}, signed URLs get the validity VOD's URL signing is configured with. Failures are translated by
 * {@link VodErrors#translatePlayInfo}.
 */
public final class VodPlayInfo implements PlayInfoSource {
    private static final String OPERATION = "GetPlayInfo";

    private final Supplier<? extends IAcsClient> client;

    /** @param client supplies the VOD client on first use (e.g. {@link AcsClients}); called on every request */
    public VodPlayInfo(Supplier<? extends IAcsClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public List<PlayStream> hlsStreams(String videoId) {
        Objects.requireNonNull(videoId, "videoId");
        GetPlayInfoRequest request = new GetPlayInfoRequest();
        AcsClients.prepare(request);
        request.setVideoId(videoId);
        request.setFormats("m3u8");
        request.setResultType("Multiple");
        GetPlayInfoResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw VodErrors.translatePlayInfo(OPERATION, e);
        }
        if (response == null) {
            throw new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD " + OPERATION
                    + " returned no response");
        }
        List<PlayStream> streams = new ArrayList<>();
        if (response.getPlayInfoList() != null) {
            for (GetPlayInfoResponse.PlayInfo info : response.getPlayInfoList()) {
                if (info != null) {
                    streams.add(stream(info));
                }
            }
        }
        return streams;
    }

    private static PlayStream stream(GetPlayInfoResponse.PlayInfo info) {
        return new PlayStream(info.getDefinition(), info.getFormat(), Long.valueOf(1).equals(info.getEncrypt()),
                info.getEncryptType(), info.getStatus(), info.getWidth(), info.getHeight(), number(info.getBitrate()),
                info.getPlayURL(), instant(info.getCreationTime()));
    }

    private static Double number(String value) {
        try {
            return value == null ? null : Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "VodPlayInfo[GetPlayInfo, m3u8]";
    }
}
