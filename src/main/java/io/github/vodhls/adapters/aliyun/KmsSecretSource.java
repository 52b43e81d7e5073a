package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueResponse;
import io.github.vodhls.core.config.SecretSource;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.VodHlsException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link SecretSource} on KMS Secrets Manager: {@code GetSecretValue(SecretName)} (API 2016-01-20, HTTPS POST, JSON)
 * for the secret's current version ({@code ACSCurrent}), the same client and endpoint as the function's other KMS
 * calls. The function's role needs {@code kms:GetSecretValue} on
 * {@code acs:kms:<region>:<account>:secret/<name>}.
 *
 * <p>Only text secrets are accepted ({@code SecretDataType=text}); a binary secret is a configuration mistake.
 * Failures: a secret that does not exist or that the role may not read ({@code Forbidden.*}, {@code InvalidParameter})
 * is a {@link ConfigurationException}; throttling, timeouts and server errors are
 * {@link ErrorCode#SECRETS_UNAVAILABLE}. Messages carry the secret's name, the KMS error code and the request id,
 * never the value, and SDK exceptions are not chained (their messages may quote the signed request).
 */
public final class KmsSecretSource implements SecretSource {

    private final Supplier<? extends IAcsClient> client;

    /** @param client supplies the KMS client on first use (e.g. {@link AcsClients}) */
    public KmsSecretSource(Supplier<? extends IAcsClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String read(String secretName) {
        GetSecretValueRequest request = new GetSecretValueRequest();
        AcsClients.prepare(request);
        request.setSecretName(secretName);
        request.setVersionStage("ACSCurrent");
        GetSecretValueResponse response;
        try {
            response = client.get().getAcsResponse(request);
        } catch (VodHlsException e) {
            throw e;
        } catch (ClientException e) {
            throw translate(secretName, e);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException(ErrorCode.SECRETS_UNAVAILABLE,
                    "KMS GetSecretValue of secret '" + secretName + "' failed: " + e.getClass().getSimpleName());
        }
        if (response == null) {
            throw new DependencyUnavailableException(ErrorCode.SECRETS_UNAVAILABLE,
                    "KMS GetSecretValue of secret '" + secretName + "' returned no response");
        }
        String type = response.getSecretDataType();
        if (type != null && !"text".equals(type.toLowerCase(Locale.ROOT))) {
            throw new ConfigurationException("KMS secret '" + secretName + "'", "holds " + type
                    + " data; store the value as text");
        }
        String data = response.getSecretData();
        return data == null ? "" : data;
    }

    @Override
    public String toString() {
        return "KmsSecretSource";
    }

    private static VodHlsException translate(String secretName, ClientException failure) {
        AcsFailure e = AcsFailure.of("KMS", "GetSecretValue", failure);
        String code = e.code();
        if (!e.isThrottling() && (code.startsWith("Forbidden") || code.equals("InvalidParameter")
                || code.startsWith("NoPermission") || code.equals("EntityNotExist.Role"))) {
            String why = code.equals("Forbidden.ResourceNotFound")
                    ? "does not exist in this region (create it, or set KMS_REGION / KMS_ENDPOINT to where it is)"
                    : "cannot be read by this function (its role needs kms:GetSecretValue on the secret)";
            return new ConfigurationException("KMS secret '" + secretName + "'", why + "; " + e.detail());
        }
        return new DependencyUnavailableException(ErrorCode.SECRETS_UNAVAILABLE,
                "secret '" + secretName + "': " + e.detail());
    }
}
