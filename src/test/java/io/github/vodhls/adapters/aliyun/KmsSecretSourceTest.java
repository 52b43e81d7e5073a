package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueResponse;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/**
 * {@link KmsSecretSource}: the real SDK's GetSecretValue, signed and sent over TLS to the loopback KMS stand-in (which
 * checks the RPC signature and the STS credentials), and the exact request it builds.
 */
class KmsSecretSourceTest {
    private static final String NAME = "vod-hls-token-signing-keys";

    @TempDir
    Path dir;
    private LoopbackKms kms;
    private KmsSecretSource secrets;

    @BeforeEach
    void start() throws Exception {
        kms = LoopbackKms.start(dir, "alias/test").allow("STS.id", "secret", "token");
        secrets = new KmsSecretSource(kms.clients(new RoleCredentials("STS.id", "secret", "token")));
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    @Test
    void read_givesTheCurrentValue_andARotationOnTheNextRead() {
        kms.putSecret(NAME, "k1=AAAA");
        assertEquals("k1=AAAA", secrets.read(NAME));
        kms.putSecret(NAME, "k2=BBBB,k1=AAAA");
        assertEquals("k2=BBBB,k1=AAAA", secrets.read(NAME));
        List<LoopbackKms.Call> calls = kms.calls();
        assertEquals(2, calls.size());
        assertTrue(calls.stream().allMatch(c -> c.action.equals("GetSecretValue") && c.status == 200
                && c.securityToken.equals("token")), calls.toString());
    }

    @Test
    void read_ofASecretThatDoesNotExist_isAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> secrets.read("nope"));
        assertTrue(e.getMessage().startsWith("KMS secret 'nope': does not exist in this region"), e.getMessage());
        assertTrue(e.getMessage().contains("Forbidden.ResourceNotFound"), e.getMessage());
    }

    @Test
    void read_refusedByRam_isAConfigurationErrorNamingThePermission() {
        kms.putSecret(NAME, "k1=AAAA").denySecret(NAME);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> secrets.read(NAME));
        assertTrue(e.getMessage().contains("kms:GetSecretValue"), e.getMessage());
        assertFalse(e.getMessage().contains("k1=AAAA"));
    }

    @Test
    void read_whenKmsThrottlesOrFails_isSecretsUnavailable_withoutTheValue() {
        kms.putSecret(NAME, "k1=AAAA");
        kms.failNext(429, "Rejected.Throttling");
        DependencyUnavailableException throttled = assertThrows(DependencyUnavailableException.class,
                () -> secrets.read(NAME));
        assertEquals(ErrorCode.SECRETS_UNAVAILABLE, throttled.errorCode());
        kms.failNext(503, "ServiceUnavailableTemporary");
        DependencyUnavailableException down = assertThrows(DependencyUnavailableException.class,
                () -> secrets.read(NAME));
        assertEquals(ErrorCode.SECRETS_UNAVAILABLE, down.errorCode());
        assertTrue(down.getMessage().contains("ServiceUnavailableTemporary"), down.getMessage());
        assertEquals(null, down.getCause(), "SDK exceptions are never chained");
    }

    @Test
    void read_sendsGetSecretValueForTheCurrentVersion_overHttpsPostAsJson() throws Exception {
        IAcsClient client = mock(IAcsClient.class);
        GetSecretValueResponse response = new GetSecretValueResponse();
        response.setSecretDataType("text");
        response.setSecretData("value");
        when(client.getAcsResponse(any(GetSecretValueRequest.class))).thenReturn(response);
        assertEquals("value", new KmsSecretSource(() -> client).read(NAME));
        ArgumentCaptor<GetSecretValueRequest> sent = ArgumentCaptor.forClass(GetSecretValueRequest.class);
        org.mockito.Mockito.verify(client).getAcsResponse(sent.capture());
        GetSecretValueRequest request = sent.getValue();
        assertEquals(NAME, request.getSecretName());
        assertEquals("ACSCurrent", request.getVersionStage());
        assertEquals(ProtocolType.HTTPS, request.getSysProtocol());
        assertEquals(MethodType.POST, request.getSysMethod());
        assertEquals(FormatType.JSON, request.getSysAcceptFormat());
    }

    @Test
    void read_ofABinarySecret_isRefused() throws Exception {
        IAcsClient client = mock(IAcsClient.class);
        GetSecretValueResponse response = new GetSecretValueResponse();
        response.setSecretDataType("binary");
        response.setSecretData("AAEC");
        when(client.getAcsResponse(any(GetSecretValueRequest.class))).thenReturn(response);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new KmsSecretSource(() -> client).read(NAME));
        assertTrue(e.getMessage().contains("store the value as text"), e.getMessage());
    }

    @Test
    void read_whenTheSdkThrowsUnexpectedly_isSecretsUnavailable() throws Exception {
        IAcsClient client = mock(IAcsClient.class);
        when(client.getAcsResponse(any(GetSecretValueRequest.class)))
                .thenThrow(new ClientException("SDK.ServerUnreachable", "Server unreachable: connection refused"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> new KmsSecretSource(() -> client).read(NAME));
        assertEquals(ErrorCode.SECRETS_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("SDK.ServerUnreachable"), e.getMessage());
    }
}
