package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.UploadStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VOD adapter of the FC package (shaded jar: SDK without the JAXB runtime, Apache HttpClient, signer as
 * deployed) against a loopback HTTPS VOD stand-in that checks the RPC signature and STS credentials and answers
 * {@code SubmitTranscodeJobs}, {@code ListTranscodeTask} and {@code GetMezzanineInfo} in JSON.
 */
class FcPackageVodIT {
    private static final String CIPHERTEXT = "ODZhOWVmZDkt+M2QxNi00/ODk0LWJkNGYtMWZjNDNmM2YyYWJm+/==";
    private static final String URI = "https://keys.example.com/decrypt?Ciphertext="
            + URLEncoder.encode(CIPHERTEXT, StandardCharsets.UTF_8) + "&MediaId=video-1";

    @TempDir
    Path dir;
    private LoopbackVod server;
    private VodTranscoder vod;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackVod.start(dir, "STS.vod", "vod-secret", "vod-token");
        vod = new VodTranscoder(server.clients(new RoleCredentials("STS.vod", "vod-secret", "vod-token")),
                "tg-encrypted");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void submitEncrypted_isSignedSentAsTheExactRequestAndItsJsonAnswerParsed() {
        String jobIds = vod.submitEncrypted("video-1", CIPHERTEXT, URI);

        assertTrue(jobIds.matches("job-[0-9a-f]{32}"), jobIds);
        List<LoopbackVod.Call> calls = server.calls();
        assertEquals(1, calls.size(), calls.toString());
        LoopbackVod.Call call = calls.get(0);
        assertEquals(200, call.status, call.toString());
        assertEquals("SubmitTranscodeJobs", call.params.get("Action"));
        assertEquals("2017-03-21", call.params.get("Version"));
        assertEquals("JSON", call.params.get("Format"));
        assertEquals("video-1", call.params.get("VideoId"));
        assertEquals("tg-encrypted", call.params.get("TemplateGroupId"));
        JsonObject config = JsonParser.parseString(call.params.get("EncryptConfig")).getAsJsonObject();
        assertEquals(Set.of("CipherText", "DecryptKeyUri", "KeyServiceType"), config.keySet());
        assertEquals(CIPHERTEXT, config.get("CipherText").getAsString());
        assertEquals(URI, config.get("DecryptKeyUri").getAsString());
        assertEquals("KMS", config.get("KeyServiceType").getAsString());
    }

    @Test
    void throttled_isVodThrottled() {
        server.failNext(429, "Throttling.User");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> vod.submitEncrypted("video-1", CIPHERTEXT, URI));

        assertEquals(ErrorCode.VOD_THROTTLED, e.errorCode());
        assertFalse(e.getMessage().contains(CIPHERTEXT), e.getMessage());
    }

    @Test
    void serverError_isOutcomeUnknown_forTheRequestReachedVod() {
        server.failNext(503, "ServiceUnavailable");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> vod.submitEncrypted("video-1", CIPHERTEXT, URI));

        assertEquals(ErrorCode.VOD_OUTCOME_UNKNOWN, e.errorCode());
        assertTrue(e.getMessage().contains("ServiceUnavailable"), e.getMessage());
    }

    @Test
    void findSubmitted_sendsListTranscodeTask_andFindsTheSubmittedTaskOfThisTemplateGroup() {
        server.autoTask("video-2", "tg-encrypted");
        assertEquals(Optional.empty(), vod.findSubmitted("video-2"), "the upload workflow's task is not ours");
        vod.submitEncrypted("video-2", CIPHERTEXT, URI);

        String found = vod.findSubmitted("video-2").orElseThrow();

        assertTrue(found.matches("task-[0-9a-f]{32}"), found);
        LoopbackVod.Call call = server.calls().get(server.calls().size() - 1);
        assertEquals("ListTranscodeTask", call.params.get("Action"));
        assertEquals("video-2", call.params.get("VideoId"));
        assertEquals("50", call.params.get("PageSize"));
        assertEquals(200, call.status);
    }

    @Test
    void uploadStatus_sendsGetMezzanineInfo_andReadsItsStatusAndItsNotFound() {
        VodVideoCatalog catalog = new VodVideoCatalog(server.clients(new RoleCredentials("STS.vod", "vod-secret",
                "vod-token")));
        server.uploaded("video-3", "Normal");

        assertEquals(UploadStatus.State.COMPLETE, catalog.uploadStatus("video-3").state());
        assertEquals(UploadStatus.State.UNKNOWN_VIDEO, catalog.uploadStatus("video-4").state());

        List<LoopbackVod.Call> calls = server.calls();
        assertEquals("GetMezzanineInfo 200 OK", calls.get(calls.size() - 2).params.get("Action") + " "
                + calls.get(calls.size() - 2).status + " " + calls.get(calls.size() - 2).code);
        assertEquals(404, calls.get(calls.size() - 1).status);
    }

    @Test
    void wrongSecret_isRefusedBySignatureCheck_andIsVodUnavailable() {
        VodTranscoder wrong = new VodTranscoder(server.clients(new RoleCredentials("STS.vod", "not-the-secret",
                "vod-token")), "tg-encrypted");

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> wrong.submitEncrypted("video-1", CIPHERTEXT, URI));

        assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
        assertEquals("SignatureDoesNotMatch", server.calls().get(0).code);
    }

    @Test
    void unreachableEndpoint_isVodUnavailable() {
        AcsClients closed = new AcsClients(AcsClients.Product.VOD, LoopbackVod.REGION, "127.0.0.1:1",
                new RoleCredentials("STS.vod", "vod-secret", "vod-token"), 500, 500);

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new VodTranscoder(closed, "tg").submitEncrypted("video-1", CIPHERTEXT, URI));

        assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
    }

    @Test
    void getPlayInfo_onThePackage_isSignedSentAndItsStreamsParsed_andAnUnknownVideoIsVideoNotFound() {
        com.google.gson.JsonArray streams = new com.google.gson.JsonArray();
        streams.add(VodPlayInfoTest.playInfo("HD", "1", "HLSEncryption", "https://vod.example.com/v/hd.m3u8"));
        server.playInfo("video-1", streams);
        VodPlayInfo source = new VodPlayInfo(server.clients(new RoleCredentials("STS.vod", "vod-secret", "vod-token")));

        List<io.github.vodhls.core.video.PlayStream> got = source.hlsStreams("video-1");

        assertEquals(1, got.size());
        assertEquals("https://vod.example.com/v/hd.m3u8", got.get(0).url());
        assertEquals("HLSEncryption", got.get(0).encryptType());
        assertEquals(Long.valueOf(960), got.get(0).height());
        assertEquals(ErrorCode.VIDEO_NOT_FOUND, assertThrows(io.github.vodhls.core.error.NotFoundException.class,
                () -> source.hlsStreams("video-2")).errorCode());
    }
}
