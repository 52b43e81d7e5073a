package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.vod.model.v20170321.ListTranscodeTaskRequest;
import com.aliyuncs.vod.model.v20170321.ListTranscodeTaskResponse;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsRequest;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsResponse;
import com.google.gson.JsonObject;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.video.Transcoder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * {@link Transcoder} on ApsaraVideo VOD (API version 2017-03-21): one {@code SubmitTranscodeJobs} per call, HTTPS
 * POST with a JSON answer, with {@code VideoId}, the configured {@code TemplateGroupId} (an encrypting template
 * group, HLS with Alibaba Cloud encryption) and {@code EncryptConfig}, the JSON string
 * {@code {"CipherText":"<EDK>","DecryptKeyUri":"<uri>","KeyServiceType":"KMS"}} built with Gson, so every value is
 * escaped as JSON requires and passed on unchanged (the URI is expected URL-encoded already).
 *
 * <p>Returns the job ids VOD reports ({@code TranscodeJobs[].JobId}, comma-separated), else its
 * {@code TranscodeTaskId}, else an empty string: once VOD has accepted the submission a missing id must not turn
 * into a failure, which would make the caller answer 5xx and invite a duplicate submission. Failures are translated
 * by {@link VodErrors#translateSubmission}: {@code VOD_OUTCOME_UNKNOWN} when VOD may have taken the job (5xx, read
 * timeout, a connection lost after it was made), else throttling to {@code VOD_THROTTLED} and everything else to
 * {@code VOD_UNAVAILABLE}; no message carries the ciphertext.
 *
 * <p>{@link #findSubmitted} is one {@code ListTranscodeTask} (VideoId, PageSize 50, the most VOD allows; VOD lists
 * the tasks of the past year): a task with {@code Trigger} {@code Manual} (made by SubmitTranscodeJobs, not by the
 * upload's own workflow, {@code Auto}) and this {@code TranscodeTemplateGroupId} is the job a submission made; its
 * {@code TranscodeTaskId} is returned.
 */
public final class VodTranscoder implements Transcoder {

    static final String KEY_SERVICE_TYPE = "KMS";
    private static final String OPERATION = "SubmitTranscodeJobs";
    private static final String LIST_OPERATION = "ListTranscodeTask";
    /** ListTranscodeTask's largest page. */
    static final int LIST_PAGE_SIZE = 50;
    /** The trigger of a task made by SubmitTranscodeJobs (the upload workflow's are {@code Auto}). */
    static final String MANUAL_TRIGGER = "Manual";
    /** Returned for a matching task that VOD listed without an id: a job exists, whatever it is called. */
    static final String UNNAMED_TASK = "(listed without a task id)";

    private final Supplier<? extends IAcsClient> client;
    private final String templateGroupId;

    /**
     * @param client supplies the VOD client on first use (e.g. {@link AcsClients}); called on every request
     * @param templateGroupId the transcoding template group with HLS encryption (Alibaba Cloud proprietary
     *     encryption off, {@code HLSEncryption} on)
     */
    public VodTranscoder(Supplier<? extends IAcsClient> client, String templateGroupId) {
        this.client = Objects.requireNonNull(client, "client");
        this.templateGroupId = requireText(templateGroupId, "templateGroupId");
    }

    /** Same as {@link #VodTranscoder(Supplier, String)} with a client built already. */
    public VodTranscoder(IAcsClient client, String templateGroupId) {
        this(constant(Objects.requireNonNull(client, "client")), templateGroupId);
    }

    @Override
    public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
        requireText(videoId, "videoId");
        requireText(ciphertext, "ciphertext");
        requireText(decryptKeyUri, "decryptKeyUri");
        SubmitTranscodeJobsRequest request = new SubmitTranscodeJobsRequest();
        AcsClients.prepare(request);
        request.setVideoId(videoId);
        request.setTemplateGroupId(templateGroupId);
        request.setEncryptConfig(encryptConfig(ciphertext, decryptKeyUri));
        SubmitTranscodeJobsResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw VodErrors.translateSubmission(OPERATION, e);
        }
        if (response == null) {
            throw VodErrors.noResponse(OPERATION);
        }
        return jobIds(response);
    }

    @Override
    public Optional<String> findSubmitted(String videoId) {
        requireText(videoId, "videoId");
        ListTranscodeTaskRequest request = new ListTranscodeTaskRequest();
        AcsClients.prepare(request);
        request.setVideoId(videoId);
        request.setPageNo(1);
        request.setPageSize(LIST_PAGE_SIZE);
        ListTranscodeTaskResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw VodErrors.translate(LIST_OPERATION, e);
        }
        if (response == null) {
            throw new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD " + LIST_OPERATION
                    + " returned no response");
        }
        List<ListTranscodeTaskResponse.TranscodeTask> tasks = response.getTranscodeTaskList();
        if (tasks != null) {
            for (ListTranscodeTaskResponse.TranscodeTask task : tasks) {
                if (task != null && MANUAL_TRIGGER.equalsIgnoreCase(task.getTrigger())
                        && templateGroupId.equals(task.getTranscodeTemplateGroupId())) {
                    String id = task.getTranscodeTaskId();
                    return Optional.of(id == null || id.isEmpty() ? UNNAMED_TASK : id);
                }
            }
        }
        return Optional.empty();
    }

    /** The EncryptConfig JSON string: exactly {@code CipherText}, {@code DecryptKeyUri} and {@code KeyServiceType}. */
    static String encryptConfig(String ciphertext, String decryptKeyUri) {
        JsonObject config = new JsonObject();
        config.addProperty("CipherText", ciphertext);
        config.addProperty("DecryptKeyUri", decryptKeyUri);
        config.addProperty("KeyServiceType", KEY_SERVICE_TYPE);
        return config.toString();
    }

    @Override
    public String toString() {
        return "VodTranscoder[templateGroupId=" + templateGroupId + "]";
    }

    private static String jobIds(SubmitTranscodeJobsResponse response) {
        List<SubmitTranscodeJobsResponse.TranscodeJob> jobs = response.getTranscodeJobs();
        StringJoiner ids = new StringJoiner(",");
        if (jobs != null) {
            for (SubmitTranscodeJobsResponse.TranscodeJob job : jobs) {
                if (job != null && job.getJobId() != null && !job.getJobId().isEmpty()) {
                    ids.add(job.getJobId());
                }
            }
        }
        if (ids.length() > 0) {
            return ids.toString();
        }
        String taskId = response.getTranscodeTaskId();
        return taskId == null ? "" : taskId;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    private static Supplier<IAcsClient> constant(IAcsClient client) {
        return () -> client;
    }
}
