package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;
import com.aliyuncs.exceptions.ServerException;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.VodHlsException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * How {@link VodTranscoder} translates VOD failures: certain ones (4xx, throttling, never connected, refused before
 * sending) are VOD_UNAVAILABLE/VOD_THROTTLED, those after which VOD may have taken the job are VOD_OUTCOME_UNKNOWN; no
 * message leaks the ciphertext or the STS token.
 */
class VodTranscoderErrorsTest {
    private static final String CIPHERTEXT = "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJm+/==";
    private static final String URI = "https://keys.example.com/decrypt?Ciphertext=ODZhOWVmZDktM2QxNi00ODk0LWJkNGYt"
            + "MWZjNDNmM2YyYWJm%2B%2F%3D%3D";
    private static final String REQUEST_ID = "25818875-5F78-4A13-BEF6-D7393642CA58";

    private final IAcsClient client = mock(IAcsClient.class);
    private final VodTranscoder vod = new VodTranscoder(client, "tg-1");

    private DependencyUnavailableException submitFailingWith(Exception e, ErrorCode expected, String... mustMention)
            throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenThrow(e);
        DependencyUnavailableException failure = assertThrows(DependencyUnavailableException.class,
                () -> vod.submitEncrypted("video-1", CIPHERTEXT, URI));
        assertEquals(expected, failure.errorCode());
        assertEquals(ErrorKind.UNAVAILABLE, failure.errorCode().kind(), "503: the callback answers 5xx, VOD retries");
        for (String s : mustMention) {
            assertTrue(failure.getMessage().contains(s), () -> "'" + failure.getMessage() + "' should mention " + s);
        }
        assertFalse(failure.getMessage().contains(CIPHERTEXT), "message must not carry the ciphertext");
        assertFalse(failure.getMessage().contains("ODZhOWVmZDkt"), "not even part of it");
        assertNull(failure.getCause(), "SDK exceptions (whose messages may quote URLs and tokens) are not chained");
        return failure;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling"})
    void throttlingCodes_areVodThrottled(String code) throws Exception {
        submitFailingWith(new ClientException(code, "Request was denied due to flow control. " + CIPHERTEXT,
                REQUEST_ID), ErrorCode.VOD_THROTTLED, "SubmitTranscodeJobs", code, REQUEST_ID);
    }

    @Test
    void sdkThrottlingErrorType_isVodThrottled() throws Exception {
        ClientException e = new ClientException("ServiceBusy", "busy");
        e.setErrorType(ErrorType.Throttling);
        submitFailingWith(e, ErrorCode.VOD_THROTTLED);
    }

    @Test
    void retriesEndingInThrottling_areVodThrottled() throws Exception {
        submitFailingWith(new ClientException("SDK.RequestTryOrRetryFailed", "Some errors occurred.",
                new ClientException("Throttling.User", "flow control", REQUEST_ID)), ErrorCode.VOD_THROTTLED,
                "Throttling.User");
    }

    /** Issue 12 §5: VOD answered 5xx, so the request arrived and the job may exist. */
    @ParameterizedTest
    @ValueSource(strings = {"InternalError", "ServiceUnavailable"})
    void serverError_isOutcomeUnknown(String code) throws Exception {
        submitFailingWith(new ServerException(code, "The request processing has failed due to some "
                + "unknown error. EncryptConfig=" + CIPHERTEXT, REQUEST_ID), ErrorCode.VOD_OUTCOME_UNKNOWN,
                code, REQUEST_ID, "VOD may have taken the request");
    }

    @Test
    void connectionRefused_isVodUnavailableWithoutTheSdkMessage_forNothingWasSent() throws Exception {
        String leakyUrl = "https://vod.cn-shanghai.aliyuncs.com/?SecurityToken=CAIS-secret-token&EncryptConfig="
                + CIPHERTEXT;
        DependencyUnavailableException e = submitFailingWith(new ClientException("SDK.ServerUnreachable",
                "Server unreachable: connection " + leakyUrl + " failed", new java.net.ConnectException()),
                ErrorCode.VOD_UNAVAILABLE, "SDK.ServerUnreachable");
        assertFalse(e.getMessage().contains("CAIS-secret-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown-host", "no-route", "handshake", "apache-connect-timeout"})
    void neverConnected_isVodUnavailable(String kind) throws Exception {
        Exception cause;
        switch (kind) {
            case "unknown-host":
                cause = new java.net.UnknownHostException("vod.cn-shanghai.aliyuncs.com");
                break;
            case "no-route":
                cause = new java.net.NoRouteToHostException();
                break;
            case "handshake":
                cause = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
                break;
            default:
                cause = new ConnectTimeoutException();
                break;
        }
        submitFailingWith(new ClientException("SDK.ServerUnreachable", "Server unreachable", cause),
                ErrorCode.VOD_UNAVAILABLE, "SDK.ServerUnreachable");
    }

    /** Named like Apache HttpClient's, which the SDK reports as SDK.ServerUnreachable. */
    static final class ConnectTimeoutException extends java.io.InterruptedIOException {
        private static final long serialVersionUID = 1L;
    }

    /** Issue 12 §5: the connection broke after the request may have been sent. */
    @Test
    void connectionResetAfterSending_isOutcomeUnknown() throws Exception {
        submitFailingWith(new ClientException("SDK.ServerUnreachable", "Server unreachable",
                new java.net.SocketException("Connection reset")), ErrorCode.VOD_OUTCOME_UNKNOWN,
                "SDK.ServerUnreachable");
    }

    /** Issue 12 §5: a read timeout may come after VOD took the job. */
    @Test
    void readTimeout_isOutcomeUnknown() throws Exception {
        submitFailingWith(new ClientException("SDK.ReadTimeout", "SocketTimeoutException has occurred",
                new SocketTimeoutException("Read timed out")), ErrorCode.VOD_OUTCOME_UNKNOWN, "SDK.ReadTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SDK.InvalidServerResponse", "SDK.InterruptedException"})
    void unreadableOrInterruptedAnswer_isOutcomeUnknown(String code) throws Exception {
        submitFailingWith(new ClientException(code, "no"), ErrorCode.VOD_OUTCOME_UNKNOWN, code);
    }

    @Test
    void lookupsAndReads_neverSayOutcomeUnknown() {
        assertEquals(ErrorCode.VOD_UNAVAILABLE, VodErrors.translate("ListTranscodeTask",
                new ClientException("SDK.ReadTimeout", "timed out")).errorCode());
        assertEquals(ErrorCode.VOD_UNAVAILABLE, VodErrors.translate("GetMezzanineInfo",
                new ServerException("InternalError", "no", REQUEST_ID)).errorCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Forbidden.RAM", "InvalidVideo.NotFound", "InvalidTemplateGroupId.NotFound",
            "InvalidParameter", "MissingParameter"})
    void clientSideCodes_areVodUnavailableSoTheCallbackIsRetried(String code) throws Exception {
        submitFailingWith(new ClientException(code, "no", REQUEST_ID, "no", null), ErrorCode.VOD_UNAVAILABLE, code);
    }

    @Test
    void somethingElseThrown_isOutcomeUnknownNamingOnlyTheClass() throws Exception {
        submitFailingWith(new IllegalStateException("pool shut down " + CIPHERTEXT), ErrorCode.VOD_OUTCOME_UNKNOWN,
                "IllegalStateException");
    }

    @Test
    void missingCredentials_throughTheRealSdk_areVodUnavailableBeforeAnyNetworkCall() {
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, "cn-shanghai", "vod.invalid", new RoleCredentials(null, null, null), 200,
                200);
        try {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> new VodTranscoder(clients, "tg-1").submitEncrypted("video-1", CIPHERTEXT, URI));
            assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
            assertTrue(e.getMessage().contains(RoleCredentials.NO_CREDENTIALS_CODE), e.getMessage());
            assertFalse(e.getMessage().contains(CIPHERTEXT));
        } finally {
            clients.get().shutdown();
        }
    }

    @Test
    void noResponse_isOutcomeUnknown() throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenReturn(null);
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> vod.submitEncrypted("video-1", CIPHERTEXT, URI));
        assertEquals(ErrorCode.VOD_OUTCOME_UNKNOWN, e.errorCode());
    }

    @Test
    void ourOwnExceptionFromTheClientSupplier_passesThrough() {
        VodTranscoder broken = new VodTranscoder(() -> {
            throw new ConfigurationException("VOD_REGION", "missing");
        }, "tg-1");
        VodHlsException e = assertThrows(VodHlsException.class, () -> broken.submitEncrypted("v", CIPHERTEXT, URI));
        assertInstanceOf(ConfigurationException.class, e);
    }
}
