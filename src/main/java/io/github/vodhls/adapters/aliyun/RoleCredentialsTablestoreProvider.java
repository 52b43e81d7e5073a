package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.core.auth.CredentialsProvider;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentials;
import com.alicloud.openservices.tablestore.core.auth.ServiceCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;

/**
 * Lets the Tablestore client sign with the function role's current {@link RoleCredentials}: the SDK asks its
 * provider before every operation, so refreshed STS credentials apply from the next request on.
 */
final class RoleCredentialsTablestoreProvider implements CredentialsProvider {
    private final RoleCredentials credentials;

    RoleCredentialsTablestoreProvider(RoleCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public ServiceCredentials getCredentials() {
        AlibabaCloudCredentials current;
        try {
            current = credentials.getCredentials();
        } catch (com.aliyuncs.exceptions.ClientException e) {
            throw new ClientException("no role credentials for Tablestore: " + e.getErrCode());
        }
        String token = current instanceof BasicSessionCredentials
                ? ((BasicSessionCredentials) current).getSessionToken() : null;
        return token == null ? new DefaultCredentials(current.getAccessKeyId(), current.getAccessKeySecret())
                : new DefaultCredentials(current.getAccessKeyId(), current.getAccessKeySecret(), token);
    }

    /** Credentials come from {@link RoleCredentials#update}; setting them here is not supported. */
    @Override
    public void setCredentials(ServiceCredentials ignored) {
        throw new UnsupportedOperationException("update RoleCredentials instead");
    }
}
