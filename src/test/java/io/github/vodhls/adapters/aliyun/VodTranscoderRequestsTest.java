package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.vod.model.v20170321.ListTranscodeTaskRequest;
import com.aliyuncs.vod.model.v20170321.ListTranscodeTaskResponse;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsRequest;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Pins the exact VOD request {@link VodTranscoder} sends and how it reads the answer. */
class VodTranscoderRequestsTest {
    private static final String VIDEO_ID = "9ae2af636ca6c10412f44891fc****";
    private static final String TEMPLATE_GROUP_ID = "1c20ad16a6e1a5ab0b36e1b2c3d4e5f6";
    /** Base64 with every character that needs care in a URI: + / =. */
    private static final String CIPHERTEXT = "ODZhOWVmZDkt+M2QxNi00ODk0/LWJkNGYtMWZjNDNmM2YyYWJm+/==";
    private static final String DECRYPT_KEY_URI = "https://keys.example.com/decrypt?Ciphertext="
            + URLEncoder.encode(CIPHERTEXT, StandardCharsets.UTF_8) + "&MediaId=" + VIDEO_ID;

    private final IAcsClient client = mock(IAcsClient.class);
    private final VodTranscoder vod = new VodTranscoder(client, TEMPLATE_GROUP_ID);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AcsRequest<?> onlyRequest() throws Exception {
        ArgumentCaptor<AcsRequest> captor = ArgumentCaptor.forClass(AcsRequest.class);
        verify(client, times(1)).getAcsResponse(captor.capture());
        return captor.getValue();
    }

    private static SubmitTranscodeJobsResponse response(String taskId, String... jobIds) {
        SubmitTranscodeJobsResponse response = new SubmitTranscodeJobsResponse();
        response.setRequestId("25818875-5F78-4A13-BEF6-D7393642CA58");
        response.setTranscodeTaskId(taskId);
        if (jobIds != null) {
            response.setTranscodeJobs(Arrays.stream(jobIds).map(id -> {
                SubmitTranscodeJobsResponse.TranscodeJob job = new SubmitTranscodeJobsResponse.TranscodeJob();
                job.setJobId(id);
                return job;
            }).collect(java.util.stream.Collectors.toList()));
        }
        return response;
    }

    @Test
    void submitEncrypted_sendsOneSubmitTranscodeJobsWithVideoTemplateGroupAndEncryptConfig() throws Exception {
        when(client.getAcsResponse(any(SubmitTranscodeJobsRequest.class))).thenReturn(response("task-1", "job-1"));

        vod.submitEncrypted(VIDEO_ID, CIPHERTEXT, DECRYPT_KEY_URI);

        SubmitTranscodeJobsRequest sent = assertInstanceOf(SubmitTranscodeJobsRequest.class, onlyRequest());
        assertEquals("SubmitTranscodeJobs", sent.getSysActionName());
        assertEquals("2017-03-21", sent.getSysVersion());
        assertEquals("vod", sent.getSysProduct());
        assertEquals(VIDEO_ID, sent.getVideoId());
        assertEquals(TEMPLATE_GROUP_ID, sent.getTemplateGroupId());
        assertEquals(VIDEO_ID, sent.getSysQueryParameters().get("VideoId"));
        assertEquals(TEMPLATE_GROUP_ID, sent.getSysQueryParameters().get("TemplateGroupId"));
        assertEquals(sent.getEncryptConfig(), sent.getSysQueryParameters().get("EncryptConfig"));
        assertNull(sent.getPipelineId());
        assertNull(sent.getOverrideParams());
        assertNull(sent.getUserData());
        assertNull(sent.getPriority());
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat(), "JSON answers: the JAXB runtime is not packaged");
    }

    @Test
    void encryptConfig_isJsonWithExactlyCipherTextDecryptKeyUriAndKeyServiceTypeKms() throws Exception {
        when(client.getAcsResponse(any(SubmitTranscodeJobsRequest.class))).thenReturn(response("task-1", "job-1"));

        vod.submitEncrypted(VIDEO_ID, CIPHERTEXT, DECRYPT_KEY_URI);

        SubmitTranscodeJobsRequest sent = (SubmitTranscodeJobsRequest) onlyRequest();
        JsonObject config = JsonParser.parseString(sent.getEncryptConfig()).getAsJsonObject();
        assertEquals(Set.of("CipherText", "DecryptKeyUri", "KeyServiceType"), config.keySet());
        assertEquals(CIPHERTEXT, config.get("CipherText").getAsString(), "ciphertext passed on unchanged");
        assertEquals(DECRYPT_KEY_URI, config.get("DecryptKeyUri").getAsString(), "URI passed on unchanged");
        assertEquals("KMS", config.get("KeyServiceType").getAsString());
    }

    @Test
    void encryptConfig_hasTheDocumentedFieldOrderAndNoWhitespace() {
        assertEquals("{\"CipherText\":\"YWJj+/==\",\"DecryptKeyUri\":\"https://k.example.com/decrypt?Ciphertext="
                + "YWJj%2B%2F%3D%3D\",\"KeyServiceType\":\"KMS\"}",
                VodTranscoder.encryptConfig("YWJj+/==", "https://k.example.com/decrypt?Ciphertext=YWJj%2B%2F%3D%3D"));
        assertEquals("{\"CipherText\":\"a\",\"DecryptKeyUri\":\"https://k/d?Ciphertext=a&MediaId=v\","
                + "\"KeyServiceType\":\"KMS\"}", VodTranscoder.encryptConfig("a", "https://k/d?Ciphertext=a&MediaId=v"),
                "no HTML escaping of = or &");
        // whatever Gson escapes, a JSON parser reads the same values back
        JsonObject parsed = JsonParser.parseString(VodTranscoder.encryptConfig("a=\"b\\", "https://x/?a=1&b=2"))
                .getAsJsonObject();
        assertEquals("a=\"b\\", parsed.get("CipherText").getAsString());
        assertEquals("https://x/?a=1&b=2", parsed.get("DecryptKeyUri").getAsString());
    }

    @Test
    void submitEncrypted_returnsTheJobIdsCommaSeparated() throws Exception {
        when(client.getAcsResponse(any(SubmitTranscodeJobsRequest.class)))
                .thenReturn(response("task-1", "job-1", "job-2"));
        assertEquals("job-1,job-2", vod.submitEncrypted(VIDEO_ID, CIPHERTEXT, DECRYPT_KEY_URI));
    }

    @Test
    void submitEncrypted_withoutJobIds_returnsTheTaskIdElseEmptyButNeverFailsAnAcceptedSubmission() throws Exception {
        when(client.getAcsResponse(any(SubmitTranscodeJobsRequest.class))).thenReturn(response("task-1"),
                response(null, (String[]) null));
        assertEquals("task-1", vod.submitEncrypted(VIDEO_ID, CIPHERTEXT, DECRYPT_KEY_URI));
        assertEquals("", vod.submitEncrypted(VIDEO_ID, CIPHERTEXT, DECRYPT_KEY_URI));
    }

    @Test
    void submitEncrypted_withMissingArguments_isRefusedWithoutCallingVod() {
        assertThrows(IllegalArgumentException.class, () -> vod.submitEncrypted(" ", CIPHERTEXT, DECRYPT_KEY_URI));
        assertThrows(IllegalArgumentException.class, () -> vod.submitEncrypted(VIDEO_ID, "", DECRYPT_KEY_URI));
        assertThrows(IllegalArgumentException.class, () -> vod.submitEncrypted(VIDEO_ID, CIPHERTEXT, null));
        verifyNoInteractions(client);
        assertThrows(IllegalArgumentException.class, () -> new VodTranscoder(client, " "));
    }

    @Test
    void constructor_doesNotTouchTheClientSupplier() {
        new VodTranscoder(() -> {
            throw new AssertionError("client built in constructor");
        }, TEMPLATE_GROUP_ID);
    }

    private static ListTranscodeTaskResponse.TranscodeTask task(String id, String templateGroupId, String trigger) {
        ListTranscodeTaskResponse.TranscodeTask task = new ListTranscodeTaskResponse.TranscodeTask();
        task.setTranscodeTaskId(id);
        task.setVideoId(VIDEO_ID);
        task.setTranscodeTemplateGroupId(templateGroupId);
        task.setTrigger(trigger);
        task.setTaskStatus("Processing");
        return task;
    }

    private static ListTranscodeTaskResponse tasks(ListTranscodeTaskResponse.TranscodeTask... tasks) {
        ListTranscodeTaskResponse response = new ListTranscodeTaskResponse();
        response.setRequestId("25818875-5F78-4A13-BEF6-D7393642CA58");
        response.setTranscodeTaskList(tasks == null ? null : Arrays.asList(tasks));
        return response;
    }

    @Test
    void findSubmitted_sendsOneListTranscodeTaskForTheVideoWithTheLargestPage() throws Exception {
        when(client.getAcsResponse(any(ListTranscodeTaskRequest.class))).thenReturn(tasks());

        vod.findSubmitted(VIDEO_ID);

        ListTranscodeTaskRequest sent = assertInstanceOf(ListTranscodeTaskRequest.class, onlyRequest());
        assertEquals("ListTranscodeTask", sent.getSysActionName());
        assertEquals("2017-03-21", sent.getSysVersion());
        assertEquals(VIDEO_ID, sent.getVideoId());
        assertEquals(VIDEO_ID, sent.getSysQueryParameters().get("VideoId"));
        assertEquals("50", sent.getSysQueryParameters().get("PageSize"));
        assertEquals("1", sent.getSysQueryParameters().get("PageNo"));
        assertNull(sent.getStartTime());
        assertNull(sent.getEndTime());
        assertEquals(ProtocolType.HTTPS, sent.getSysProtocol());
        assertEquals(MethodType.POST, sent.getSysMethod());
        assertEquals(FormatType.JSON, sent.getSysAcceptFormat());
    }

    @Test
    void findSubmitted_findsTheManualTaskOfThisTemplateGroupOnly() throws Exception {
        when(client.getAcsResponse(any(ListTranscodeTaskRequest.class))).thenReturn(
                tasks(task("auto-1", TEMPLATE_GROUP_ID, "Auto"), task("other-group", "tg-other", "Manual"),
                        task("ours", TEMPLATE_GROUP_ID, "Manual")),
                tasks(task("auto-1", TEMPLATE_GROUP_ID, "Auto"), task("other-group", "tg-other", "Manual")),
                tasks((ListTranscodeTaskResponse.TranscodeTask[]) null),
                tasks(task(null, TEMPLATE_GROUP_ID, "manual")));

        assertEquals(java.util.Optional.of("ours"), vod.findSubmitted(VIDEO_ID));
        assertEquals(java.util.Optional.empty(), vod.findSubmitted(VIDEO_ID), "the upload workflow's and another "
                + "group's tasks are not this transcoder's jobs");
        assertEquals(java.util.Optional.empty(), vod.findSubmitted(VIDEO_ID), "no tasks listed");
        assertEquals(java.util.Optional.of(VodTranscoder.UNNAMED_TASK), vod.findSubmitted(VIDEO_ID),
                "a matching task without an id is still a job: never submit again");
    }

    @Test
    void findSubmitted_whenVodFails_isVodUnavailableOrThrottled_neverOutcomeUnknown() throws Exception {
        when(client.getAcsResponse(any(ListTranscodeTaskRequest.class)))
                .thenThrow(new com.aliyuncs.exceptions.ClientException("SDK.ReadTimeout", "timed out"))
                .thenThrow(new com.aliyuncs.exceptions.ClientException("Throttling.User", "slow down", "r1"))
                .thenReturn(null);
        assertEquals(io.github.vodhls.core.error.ErrorCode.VOD_UNAVAILABLE, assertThrows(
                io.github.vodhls.core.error.DependencyUnavailableException.class,
                () -> vod.findSubmitted(VIDEO_ID)).errorCode());
        assertEquals(io.github.vodhls.core.error.ErrorCode.VOD_THROTTLED, assertThrows(
                io.github.vodhls.core.error.DependencyUnavailableException.class,
                () -> vod.findSubmitted(VIDEO_ID)).errorCode());
        assertEquals(io.github.vodhls.core.error.ErrorCode.VOD_UNAVAILABLE, assertThrows(
                io.github.vodhls.core.error.DependencyUnavailableException.class,
                () -> vod.findSubmitted(VIDEO_ID)).errorCode());
    }
}
