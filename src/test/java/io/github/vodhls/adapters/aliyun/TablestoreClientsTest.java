package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.core.auth.ServiceCredentials;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.aliyun.fc.runtime.Credentials;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TablestoreClientsTest {

    @Test
    void client_isCreatedOnFirstUseOnly_andOnce() {
        AtomicInteger created = new AtomicInteger();
        TablestoreRows delegate = mock(TablestoreRows.class);
        GetRowResponse response = mock(GetRowResponse.class);
        when(delegate.getRow(any())).thenReturn(response);
        TablestoreClients clients = new TablestoreClients(() -> {
            created.incrementAndGet();
            return delegate;
        });
        assertFalse(clients.isCreated());
        assertEquals(0, created.get());
        assertSame(response, clients.getRow(new GetRowRequest()));
        assertSame(response, clients.getRow(new GetRowRequest()));
        clients.warmUp();
        assertEquals(1, created.get());
        assertTrue(clients.isCreated());
    }

    @Test
    void realConstructor_makesNoClientUntilWarmUp() {
        TablestoreClients clients = new TablestoreClients("https://inst.cn-shanghai.tablestore.aliyuncs.com", "inst",
                new RoleCredentials("id", "secret", "token"), 1000);
        assertFalse(clients.isCreated());
    }

    @Test
    void provider_signsWithTheNewestRoleCredentials() {
        RoleCredentials role = new RoleCredentials("id-1", "secret-1", "token-1");
        RoleCredentialsTablestoreProvider provider = new RoleCredentialsTablestoreProvider(role);
        ServiceCredentials first = provider.getCredentials();
        assertEquals("id-1", first.getAccessKeyId());
        assertEquals("secret-1", first.getAccessKeySecret());
        assertEquals("token-1", first.getSecurityToken());

        role.update("id-2", "secret-2", "token-2");
        ServiceCredentials second = provider.getCredentials();
        assertEquals("id-2", second.getAccessKeyId());
        assertEquals("token-2", second.getSecurityToken());
    }

    @Test
    void provider_withoutCredentials_failsClosed() {
        RoleCredentialsTablestoreProvider provider = new RoleCredentialsTablestoreProvider(
                new RoleCredentials(null, null, null));
        ClientException e = assertThrows(ClientException.class, provider::getCredentials);
        assertTrue(e.getMessage().contains(RoleCredentials.NO_CREDENTIALS_CODE), e.getMessage());
    }
}
