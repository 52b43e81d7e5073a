package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is VOD-specific about {@link AcsClients}; the shared behaviour is covered by {@link AcsClientsKmsTest}. */
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
