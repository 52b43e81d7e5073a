package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcsClientsKmsTest {
    private final RoleCredentials credentials = new RoleCredentials("STS.id", "secret", "token");

    @Test
    void constructor_createsNoClientUntilFirstUse() {
        AtomicInteger built = new AtomicInteger();
        AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", null, () -> {
            built.incrementAndGet();
            return mock(IAcsClient.class);
        });
        new KmsKeyManagement(clients, "key-1");
        assertEquals(0, built.get());
        assertFalse(clients.isCreated());

        IAcsClient first = clients.get();
        assertSame(first, clients.get());
        assertEquals(1, built.get());
        assertTrue(clients.isCreated());
    }

    @Test
    void get_fromManyThreadsAtOnce_buildsOneClient() throws Exception {
        AtomicInteger built = new AtomicInteger();
        AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", null, () -> {
            built.incrementAndGet();
            return mock(IAcsClient.class);
        });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<IAcsClient>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return clients.get();
                }));
            }
            start.countDown();
            Set<IAcsClient> distinct = new HashSet<>();
            for (Future<IAcsClient> f : results) {
                distinct.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size());
            assertEquals(1, built.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void realClient_isBuiltLazilyWithTimeoutsHttpsAndTheRoleCredentials() {
        AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", null, credentials, 1000, 3000);
        assertFalse(clients.isCreated());
        DefaultAcsClient client = assertInstanceOf(DefaultAcsClient.class, clients.get());
        try {
            HttpClientConfig http = client.getProfile().getHttpClientConfig();
            assertEquals(1000, http.getConnectionTimeoutMillis());
            assertEquals(3000, http.getReadTimeoutMillis());
            assertEquals(ProtocolType.HTTPS, http.getProtocolType());
            assertEquals("cn-shanghai", client.getProfile().getRegionId());
            assertSame(credentials, client.getCredentialsProvider());
            assertFalse(client.isAutoRetry());
            assertEquals("kms.cn-shanghai.aliyuncs.com", clients.endpoint());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void endpointOverride_isUsedInsteadOfThePublicEndpoint() {
        AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", "kms-vpc.cn-shanghai.aliyuncs.com", credentials, 1000,
                3000);
        assertEquals("kms-vpc.cn-shanghai.aliyuncs.com", clients.endpoint());
        assertEquals("kms.cn-hangzhou.aliyuncs.com",
                new AcsClients(AcsClients.Product.KMS, "cn-hangzhou", " ", credentials, 1000, 3000).endpoint());
    }

    @Test
    void endpointOverride_thatIsAUrl_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AcsClients(AcsClients.Product.KMS, "cn-shanghai", "https://kms-vpc.cn-shanghai.aliyuncs.com/", credentials, 1, 1));
        assertTrue(e.getMessage().contains("bare host name"));
    }

    @Test
    void constructor_withNonPositiveTimeouts_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AcsClients(AcsClients.Product.KMS, "cn-shanghai", null, credentials, 0, 3000));
        assertThrows(IllegalArgumentException.class, () -> new AcsClients(AcsClients.Product.KMS, "cn-shanghai", null, credentials, 1000, -1));
        assertThrows(IllegalArgumentException.class, () -> new AcsClients(AcsClients.Product.KMS, " ", null, credentials, 1000, 3000));
    }

    @Test
    void decrypt_throughRealSdkWithoutAnyCredentials_failsClosedAsKmsUnavailableBeforeAnyNetworkCall() {
        AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", "kms.invalid", new RoleCredentials(null, null, null), 200,
                200);
        KmsKeyManagement kms = new KmsKeyManagement(clients, "key-1");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> kms.decrypt("ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJm"));
        assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains(RoleCredentials.NO_CREDENTIALS_CODE), e.getMessage());
        clients.get().shutdown();
    }
}
