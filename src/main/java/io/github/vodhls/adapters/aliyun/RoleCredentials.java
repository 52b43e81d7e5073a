package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.exceptions.ClientException;

/**
 * The function role's temporary (STS) credentials, as the Alibaba Cloud SDK clients of this package sign with them.
 *
 * <p>Seeded once per instance from the values FC puts in {@code ALIBABA_CLOUD_ACCESS_KEY_ID},
 * {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} and {@code ALIBABA_CLOUD_SECURITY_TOKEN} (the wiring reads them and passes
 * them in), then refreshed from each invocation's {@code Context.getExecutionCredentials()} with
 * {@link #update(Credentials)}: STS credentials expire, and a frozen-then-thawed instance must sign with the newest.
 * The three values are one immutable snapshot behind a volatile field, so a reader never sees a new key id with an
 * old secret. SDK clients call {@link #getCredentials()} before every request.
 *
 * <p>With no credentials at all, {@link #getCredentials()} fails closed (the SDK call fails, nothing is sent
 * unsigned). {@link #toString()} shows only the tail of the access key id and whether a token is present.
 */
public final class RoleCredentials implements AlibabaCloudCredentialsProvider {

    /** Error code of the {@link ClientException} thrown when there is nothing to sign with. */
    public static final String NO_CREDENTIALS_CODE = "VodHls.NoRoleCredentials";

    private volatile Snapshot current;

    /**
     * Seeds the credentials. All three may be null or empty (FC then delivers credentials only through the context);
     * an access key id without a secret, or the reverse, is refused ({@link IllegalArgumentException}; the wiring checks the
     * environment first and names the variable).
     *
     * @param accessKeyId value of {@code ALIBABA_CLOUD_ACCESS_KEY_ID}, or null
     * @param accessKeySecret value of {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET}, or null
     * @param securityToken value of {@code ALIBABA_CLOUD_SECURITY_TOKEN}, or null for long-term keys (local use only)
     */
    public RoleCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
        boolean hasId = !isBlank(accessKeyId);
        boolean hasSecret = !isBlank(accessKeySecret);
        if (hasId && !hasSecret) {
            throw new IllegalArgumentException("an access key id without its secret");
        }
        if (hasSecret && !hasId) {
            throw new IllegalArgumentException("an access key secret without its id");
        }
        this.current = hasId ? Snapshot.of(accessKeyId, accessKeySecret, securityToken) : null;
    }

    /**
     * Takes the credentials FC hands to this invocation. A no-op (one volatile read and three string compares) when
     * they are unchanged; ignored when the key id or secret is missing, so a bad context never
     * erases working credentials.
     */
    public void update(String accessKeyId, String accessKeySecret, String securityToken) {
        if (isBlank(accessKeyId) || isBlank(accessKeySecret)) {
            return;
        }
        Snapshot now = current;
        if (now != null && now.sameAs(accessKeyId, accessKeySecret, securityToken)) {
            return;
        }
        current = Snapshot.of(accessKeyId, accessKeySecret, securityToken);
    }

    /** Whether there is anything to sign with. */
    public boolean isPresent() {
        return current != null;
    }

    /**
     * The newest credentials: {@link BasicSessionCredentials} with an STS token, {@link BasicCredentials} without.
     *
     * @throws ClientException with code {@value #NO_CREDENTIALS_CODE} when no credentials were ever given
     */
    @Override
    public AlibabaCloudCredentials getCredentials() throws ClientException {
        Snapshot now = current;
        if (now == null) {
            throw new ClientException(NO_CREDENTIALS_CODE,
                    "no role credentials: give the function a role (FC then sets ALIBABA_CLOUD_ACCESS_KEY_ID, "
                            + "ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN) "
                            + "or pass Context.getExecutionCredentials() to RoleCredentials.update");
        }
        return now.sdkCredentials;
    }

    @Override
    public String toString() {
        Snapshot now = current;
        if (now == null) {
            return "RoleCredentials[none]";
        }
        return "RoleCredentials[accessKeyId=" + mask(now.accessKeyId) + ", secret=<redacted>, securityToken="
                + (now.securityToken == null ? "absent" : "<redacted>") + "]";
    }

    private static String mask(String accessKeyId) {
        int keep = Math.min(4, accessKeyId.length() / 4);
        return "****" + accessKeyId.substring(accessKeyId.length() - keep);
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    /** One consistent set of credentials and the SDK object built from it once. */
    private static final class Snapshot {
        final String accessKeyId;
        final String accessKeySecret;
        final String securityToken;
        final AlibabaCloudCredentials sdkCredentials;

        private Snapshot(String accessKeyId, String accessKeySecret, String securityToken) {
            this.accessKeyId = accessKeyId;
            this.accessKeySecret = accessKeySecret;
            this.securityToken = securityToken;
            this.sdkCredentials = securityToken == null
                    ? new BasicCredentials(accessKeyId, accessKeySecret)
                    : new BasicSessionCredentials(accessKeyId, accessKeySecret, securityToken);
        }

        static Snapshot of(String accessKeyId, String accessKeySecret, String securityToken) {
            return new Snapshot(accessKeyId.trim(), accessKeySecret.trim(),
                    isBlank(securityToken) ? null : securityToken.trim());
        }

        boolean sameAs(String id, String secret, String token) {
            String normalisedToken = isBlank(token) ? null : token.trim();
            return accessKeyId.equals(id.trim()) && accessKeySecret.equals(secret.trim())
                    && java.util.Objects.equals(securityToken, normalisedToken);
        }
    }
}
