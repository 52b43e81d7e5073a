package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoRequest;
import com.aliyuncs.vod.model.v20170321.GetPlayInfoResponse;
import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.video.PlayInfoService;
import io.github.vodhls.core.video.PlayStream;
import io.github.vodhls.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

/**
 * Pins the exact {@code GetPlayInfo} request {@link VodPlayInfo} sends, how each {@code PlayInfo} of the answer is read
 * (several definitions, mixed encrypted and plain streams, signed URLs, a URL with a query of its own) and how VOD's
 * refusals are translated.
 */
class VodPlayInfoRequestsTest {
    private static final String REQUEST_ID = "52C7E33C-0C17-47C1-8EF6-EFD6F26D368D";
    private static final String VIDEO = "93ab850b4f6f54b6e91d24d81d44fe09";

    private final IAcsClient client = mock(IAcsClient.class);
    private final VodPlayInfo vod = new VodPlayInfo(() -> client);

    static GetPlayInfoResponse.PlayInfo info(String definition, String format, long encrypt, String encryptType,
            String status, long width, long height, String bitrate, String url, String created) {
        GetPlayInfoResponse.PlayInfo info = new GetPlayInfoResponse.PlayInfo();
        info.setDefinition(definition);
        info.setFormat(format);
        info.setEncrypt(encrypt);
        info.setEncryptType(encryptType);
        info.setStatus(status);
        info.setWidth(width);
        info.setHeight(height);
        info.setBitrate(bitrate);
        info.setPlayURL(url);
        info.setCreationTime(created);
        info.setStreamType("video");
        info.setSpecification("H264." + definition);
        return info;
    }

    private static GetPlayInfoResponse answer(GetPlayInfoResponse.PlayInfo... infos) {
        GetPlayInfoResponse response = new GetPlayInfoResponse();
        response.setRequestId(REQUEST_ID);
        response.setPlayInfoList(List.of(infos));
        return response;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AcsRequest<?> onlyRequest() throws Exception {
        ArgumentCaptor<AcsRequest> captor = ArgumentCaptor.forClass(AcsRequest.class);
        verify(client, times(1)).getAcsResponse(captor.capture());
        return captor.getValue();
    }

    @Test
    void hlsStreams_sendsOneGetPlayInfoForM3u8WithEveryTranscode() throws Exception {
        when(client.getAcsResponse(any(GetPlayInfoRequest.class))).thenReturn(answer());

        assertEquals(List.of(), vod.hlsStreams(VIDEO));

        GetPlayInfoRequest sent = assertInstanceOf(GetPlayInfoRequest.class, onlyRequest());
        assertEquals("GetPlayInfo", sent.getSysActionName());
        assertEquals("2017-03-21", sent.getSysVersion());
        assertEquals(VIDEO, sent.getVideoId());
        assertEquals("m3u8", sent.getFormats());
        assertEquals("Multiple", sent.getResultType(), "every transcode, so an encrypted one hides behind no later plain one");
        assertNull(sent.getAuthTimeout(), "signed URLs get VOD's configured validity");
        assertNull(sent.getDefinition());
        assertNull(sent.getPlayConfig());
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat());
    }

    @Test
    void hlsStreams_readsEveryPlayInfoAsVodGaveIt_andTheRulesKeepTheHlsEncryptedOnes() throws Exception {
        String ldSigned = "https://vod.example.com/abc/ld.m3u8?auth_key=1893456000-477b3bbc253f467b8def6711128c7bec-0-"
                + "0123456789abcdef0123456789abcdef";
        String sdQuery = "https://vod.example.com/abc/sd.m3u8?region=cn-shanghai&v=2";
        when(client.getAcsResponse(any(GetPlayInfoRequest.class))).thenReturn(answer(
                info("FD", "m3u8", 0, null, "Normal", 640, 360, "402.1", "https://vod.example.com/abc/fd.m3u8",
                        "2026-01-01T00:00:00Z"),
                info("LD", "m3u8", 1, "HLSEncryption", "Normal", 854, 480, "698.0567", ldSigned,
                        "2026-01-02T00:00:00Z"),
                info("SD", "m3u8", 1, "HLSEncryption", "Normal", 1280, 720, "1214.3", sdQuery, "2026-01-02T00:00:00Z"),
                info("HD", "m3u8", 1, "AliyunVoDEncryption", "Normal", 1920, 1080, "2411", "https://vod.example.com/hd.m3u8",
                        "2026-01-02T00:00:00Z"),
                info("FHD", "m3u8", 1, "HLSEncryption", "Invisible", 1920, 1080, "3000", "https://vod.example.com/f.m3u8",
                        "not a time")));

        List<PlayStream> streams = vod.hlsStreams(VIDEO);

        assertEquals(5, streams.size());
        assertEquals(new PlayStream("LD", "m3u8", true, "HLSEncryption", "Normal", 854L, 480L, 698.0567, ldSigned,
                Instant.parse("2026-01-02T00:00:00Z")), streams.get(1));
        assertFalse(streams.get(0).encrypted());
        assertNull(streams.get(4).createdAt(), "an unreadable time is no time");
        PlayInfoService rules = new PlayInfoService(vod, 10, Duration.ofSeconds(60), true,
                MutableClock.atDefaultStart());
        List<PlayStream> kept = rules.encryptedStreams(VIDEO);
        assertEquals(List.of("LD", "SD"), kept.stream().map(PlayStream::definition)
                .collect(java.util.stream.Collectors.toList()));
        assertEquals(sdQuery, kept.get(1).url());
        assertFalse(kept.toString().contains("auth_key"), "a stream's toString never shows its URL");
    }

    @ParameterizedTest
    @CsvSource({
        "InvalidVideo.NotFound, 404, VIDEO_NOT_FOUND",
        "Forbidden.IllegalStatus, 403, VIDEO_NOT_READY",
        "InvalidVideo.NoneStream, 404, VIDEO_NOT_READY",
        "Forbidden.AliyunVoDEncryption, 403, NO_ENCRYPTED_STREAM"})
    void vodsRefusalsOfTheVideo_areTheCallersAnswer(String code, int httpStatus, ErrorCode expected) throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenThrow(new ClientException(code, "VOD says no",
                REQUEST_ID));

        VodHlsException e = assertThrows(VodHlsException.class, () -> vod.hlsStreams(VIDEO));

        assertEquals(expected, e.errorCode());
        assertTrue(e instanceof NotFoundException || e instanceof ConflictException, e.toString());
        assertTrue(e.getMessage().endsWith("VOD GetPlayInfo failed: " + code + " (request id " + REQUEST_ID + ")"),
                e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void throttling_isVodThrottled_andEverythingElse_isVodUnavailable() throws Exception {
        ClientException throttled = new ClientException("Throttling.User", "flow control", REQUEST_ID);
        throttled.setErrorType(ErrorType.Throttling);
        when(client.getAcsResponse(any(AcsRequest.class)))
                .thenThrow(throttled)
                .thenThrow(new ClientException("Forbidden.RAM", "no permission", REQUEST_ID))
                .thenThrow(new ServerException("InternalError", "unknown", REQUEST_ID))
                .thenReturn(null);
        assertEquals(ErrorCode.VOD_THROTTLED,
                assertThrows(DependencyUnavailableException.class, () -> vod.hlsStreams(VIDEO)).errorCode());
        DependencyUnavailableException denied = assertThrows(DependencyUnavailableException.class,
                () -> vod.hlsStreams(VIDEO));
        assertEquals(ErrorCode.VOD_UNAVAILABLE, denied.errorCode());
        assertTrue(denied.getMessage().contains("Forbidden.RAM"), denied.getMessage());
        assertEquals(ErrorCode.VOD_UNAVAILABLE,
                assertThrows(DependencyUnavailableException.class, () -> vod.hlsStreams(VIDEO)).errorCode());
        assertEquals(ErrorCode.VOD_UNAVAILABLE,
                assertThrows(DependencyUnavailableException.class, () -> vod.hlsStreams(VIDEO)).errorCode());
    }
}
