package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsRequest;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsResponse;
import com.google.gson.JsonObject;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.video.Transcoder;
import java.util.List;
import java.util.Objects;
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
 * by {@link VodErrors}: throttling to {@code VOD_THROTTLED}, everything else to {@code VOD_UNAVAILABLE}; neither
 * message carries the ciphertext.
 */
public final class VodTranscoder implements Transcoder {

    static final String KEY_SERVICE_TYPE = "KMS";
    private static final String OPERATION = "SubmitTranscodeJobs";

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
        request.setSysProtocol(ProtocolType.HTTPS);
        request.setSysMethod(MethodType.POST);
        request.setSysAcceptFormat(FormatType.JSON);
        request.setVideoId(videoId);
        request.setTemplateGroupId(templateGroupId);
        request.setEncryptConfig(encryptConfig(ciphertext, decryptKeyUri));
        SubmitTranscodeJobsResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (Exception e) {
            throw VodErrors.translate(OPERATION, e);
        }
        if (response == null) {
            throw new DependencyUnavailableException(ErrorCode.VOD_UNAVAILABLE, "VOD " + OPERATION
                    + " returned no response");
        }
        return jobIds(response);
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
