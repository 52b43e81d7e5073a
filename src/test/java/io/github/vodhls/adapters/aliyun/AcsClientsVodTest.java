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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcsClientsVodTest {
    private final RoleCredentials credentials = new RoleCredentials("STS.id", "secret", "token");

    @Test
    void constructor_createsNoClientUntilFirstUse() {
        AtomicInteger built = new AtomicInteger();
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, "cn-shanghai", null, () -> {
            built.incrementAndGet();
            return mock(IAcsClient.class);
        });
        new VodTranscoder(clients, "tg-1");
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
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, "cn-shanghai", null, () -> {
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
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, "cn-shanghai", null, credentials, 1000, 3000);
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
            assertEquals("vod.cn-shanghai.aliyuncs.com", clients.endpoint());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void endpointOverride_isUsedInsteadOfThePublicEndpoint() {
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, "cn-shanghai", "vod-vpc.cn-shanghai.aliyuncs.com", credentials, 1000,
                3000);
        assertEquals("vod-vpc.cn-shanghai.aliyuncs.com", clients.endpoint());
        assertEquals("vod.cn-hangzhou.aliyuncs.com",
                new AcsClients(AcsClients.Product.VOD, "cn-hangzhou", " ", credentials, 1000, 3000).endpoint());
    }

    @Test
    void endpointOverride_thatIsAUrl_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AcsClients(AcsClients.Product.VOD, "cn-shanghai", "https://vod-vpc.cn-shanghai.aliyuncs.com/", credentials, 1, 1));
        assertTrue(e.getMessage().contains("bare host name"));
    }

    @Test
    void constructor_withNonPositiveTimeouts_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AcsClients(AcsClients.Product.VOD, "cn-shanghai", null, credentials, 0, 3000));
        assertThrows(IllegalArgumentException.class, () -> new AcsClients(AcsClients.Product.VOD, "cn-shanghai", null, credentials, 1000, -1));
        assertThrows(IllegalArgumentException.class, () -> new AcsClients(AcsClients.Product.VOD, " ", null, credentials, 1000, 3000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1", "eu-central-1",
            "us-west-1"})
    void endpoint_isTheRegionalVodEndpoint(String region) {
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, region, null, credentials, 1000, 3000);
        assertEquals("vod." + region + ".aliyuncs.com", clients.endpoint());
        assertFalse(clients.isCreated(), "asking for the endpoint builds nothing");
    }

    @Test
    void realClient_resolvesEveryVodRequestToTheFixedEndpoint() throws Exception {
        AcsClients clients = new AcsClients(AcsClients.Product.VOD, "cn-beijing", null, credentials, 1000, 3000);
        DefaultAcsClient client = (DefaultAcsClient) clients.get();
        try {
            java.lang.reflect.Field f = DefaultAcsClient.class.getDeclaredField("endpointResolver");
            f.setAccessible(true);
            com.aliyuncs.endpoint.EndpointResolver resolver = (com.aliyuncs.endpoint.EndpointResolver) f.get(client);
            com.aliyuncs.endpoint.ResolveEndpointRequest request = new com.aliyuncs.endpoint.ResolveEndpointRequest(
                    "cn-beijing", "vod", "vod", null);
            assertEquals("vod.cn-beijing.aliyuncs.com", resolver.resolve(request));
        } finally {
            client.shutdown();
        }
    }
}
