package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.vodhls.core.error.ConflictException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.video.PlayStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VodPlayInfo} with the real SDK client against {@link LoopbackVod}: the request signed and sent as the SDK
 * sends it, VOD's JSON answer ({@code PlayInfoList.PlayInfo[]}, numbers as VOD writes them) parsed back.
 */
class VodPlayInfoTest {
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("STS.vod", "vod-secret", "vod-token");

    @TempDir
    static Path certificateDir;
    private static LoopbackVod vod;

    @BeforeAll
    static void startVod() throws Exception {
        vod = LoopbackVod.start(certificateDir, "STS.vod", "vod-secret", "vod-token");
    }

    @AfterAll
    static void stopVod() {
        vod.close();
    }

    /** One {@code PlayInfo} as VOD's JSON reference shows it (numbers of it as strings, as the sample has them). */
    static JsonObject playInfo(String definition, String encrypt, String encryptType, String url) {
        JsonObject info = new JsonObject();
        info.addProperty("Status", "Normal");
        info.addProperty("StreamType", "video");
        info.addProperty("Size", "418112");
        info.addProperty("Definition", definition);
        info.addProperty("Specification", "H264." + definition);
        info.addProperty("Duration", "3.1667");
        info.addProperty("Bitrate", "992.7800");
        info.addProperty("Encrypt", encrypt);
        info.addProperty("Format", "m3u8");
        if (encryptType != null) {
            info.addProperty("EncryptType", encryptType);
        }
        info.addProperty("NarrowBandType", "0");
        info.addProperty("PlayURL", url);
        info.addProperty("CreationTime", "2017-06-26T06:38:48Z");
        info.addProperty("Height", "960");
        info.addProperty("Width", "540");
        info.addProperty("JobId", "fd1c76fc806b4c0f8194405528706d29");
        return info;
    }

    @Test
    void hlsStreams_overTheWire_sendsFormatsAndResultType_andParsesEveryStream() {
        JsonArray streams = new JsonArray();
        String signed = "https://vod.example.com/abc/52a53151.m3u8?auth_key=1893456000-0-0-0123456789abcdef0123456789abcdef";
        streams.add(playInfo("LD", "1", "HLSEncryption", signed));
        streams.add(playInfo("SD", "0", null, "https://vod.example.com/abc/sd.m3u8"));
        vod.playInfo("video-1", streams);

        List<PlayStream> got = new VodPlayInfo(vod.clients(CREDENTIALS)).hlsStreams("video-1");

        assertEquals(List.of(new PlayStream("LD", "m3u8", true, "HLSEncryption", "Normal", 540L, 960L, 992.78, signed,
                Instant.parse("2017-06-26T06:38:48Z")), new PlayStream("SD", "m3u8", false, null, "Normal", 540L, 960L,
                992.78, "https://vod.example.com/abc/sd.m3u8", Instant.parse("2017-06-26T06:38:48Z"))), got);
        List<LoopbackVod.Call> calls = vod.calls();
        LoopbackVod.Call call = calls.get(calls.size() - 1);
        assertEquals(200, call.status);
        assertEquals("video-1", call.params.get("VideoId"));
        assertEquals("m3u8", call.params.get("Formats"));
        assertEquals("Multiple", call.params.get("ResultType"));
    }

    @Test
    void anUnknownVideo_isVideoNotFound_andOneWithoutStreams_isVideoNotReady() {
        vod.playInfo("untranscoded", new JsonArray());
        VodPlayInfo source = new VodPlayInfo(vod.clients(CREDENTIALS));
        assertEquals(ErrorCode.VIDEO_NOT_FOUND,
                assertThrows(NotFoundException.class, () -> source.hlsStreams("nobody-knows")).errorCode());
        assertEquals(ErrorCode.VIDEO_NOT_READY,
                assertThrows(ConflictException.class, () -> source.hlsStreams("untranscoded")).errorCode());
    }
}
