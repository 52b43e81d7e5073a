package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.keys.KeyManagementContract;
import org.junit.jupiter.api.Test;

/** {@link KmsKeyManagement} against an SDK client whose answers do real crypto ({@link FakeAliyunKms}). */
class KmsKeyManagementTest extends KeyManagementContract {
    static final String KEY_ID = "key-shh6478a2a0e1u1glw1ze";

    @Override
    protected KeyManagement kms() {
        return new KmsKeyManagement(clientFor(new FakeAliyunKms(KEY_ID)), KEY_ID);
    }

    static IAcsClient clientFor(FakeAliyunKms fake) {
        IAcsClient client = mock(IAcsClient.class);
        try {
            doAnswer(fake).when(client).getAcsResponse(any(AcsRequest.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    @Test
    void generateDataKey_underAKeyIdKmsDoesNotKnow_isUnavailableNotCiphertextUnknown() {
        KmsKeyManagement kms = new KmsKeyManagement(clientFor(new FakeAliyunKms(KEY_ID)), "key-of-another-account");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, kms::generateDataKey);
        assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
    }
}
