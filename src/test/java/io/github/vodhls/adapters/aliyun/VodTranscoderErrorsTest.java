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

/** How {@link VodTranscoder} translates VOD failures; no message leaks the ciphertext or the STS token. */
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

    @Test
    void serverError_isVodUnavailable() throws Exception {
        submitFailingWith(new ServerException("InternalError", "The request processing has failed due to some "
                + "unknown error. EncryptConfig=" + CIPHERTEXT, REQUEST_ID), ErrorCode.VOD_UNAVAILABLE,
                "InternalError", REQUEST_ID);
    }

    @Test
    void unreachable_isVodUnavailableWithoutTheSdkMessage() throws Exception {
        String leakyUrl = "https://vod.cn-shanghai.aliyuncs.com/?SecurityToken=CAIS-secret-token&EncryptConfig="
                + CIPHERTEXT;
        DependencyUnavailableException e = submitFailingWith(new ClientException("SDK.ServerUnreachable",
                "Server unreachable: connection " + leakyUrl + " failed", new java.net.ConnectException()),
                ErrorCode.VOD_UNAVAILABLE, "SDK.ServerUnreachable");
        assertFalse(e.getMessage().contains("CAIS-secret-token"));
    }

    @Test
    void readTimeout_isVodUnavailable() throws Exception {
        submitFailingWith(new ClientException("SDK.ReadTimeout", "SocketTimeoutException has occurred",
                new SocketTimeoutException("Read timed out")), ErrorCode.VOD_UNAVAILABLE, "SDK.ReadTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Forbidden.RAM", "InvalidVideo.NotFound", "InvalidTemplateGroupId.NotFound",
            "InvalidParameter", "MissingParameter"})
    void clientSideCodes_areVodUnavailableSoTheCallbackIsRetried(String code) throws Exception {
        submitFailingWith(new ClientException(code, "no", REQUEST_ID, "no", null), ErrorCode.VOD_UNAVAILABLE, code);
    }

    @Test
    void somethingElseThrown_isVodUnavailableNamingOnlyTheClass() throws Exception {
        submitFailingWith(new IllegalStateException("pool shut down " + CIPHERTEXT), ErrorCode.VOD_UNAVAILABLE,
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
    void noResponse_isVodUnavailable() throws Exception {
        when(client.getAcsResponse(any(AcsRequest.class))).thenReturn(null);
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> vod.submitEncrypted("video-1", CIPHERTEXT, URI));
        assertEquals(ErrorCode.VOD_UNAVAILABLE, e.errorCode());
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
