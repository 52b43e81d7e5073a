package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the ApsaraVideo VOD client of one region on first use and hands out that one instance afterwards.
 *
 * <p>Nothing is built in the constructor: a callback that never submits a job (a replay, an ignored event type)
 * pays nothing for it. The client signs every request with the newest {@link RoleCredentials}, talks HTTPS to a
 * fixed endpoint ({@code vod.<region>.aliyuncs.com}, or the override, e.g. the VPC endpoint
 * {@code vod-vpc.<region>.aliyuncs.com}) so no location-service lookup happens, and has bounded connect and read
 * timeouts with SDK auto-retry off: worst-case latency is connect + read, and the caller decides about retries.
 */
public final class VodClients implements Supplier<IAcsClient> {

    private final String regionId;
    private final String endpoint;
    private final Supplier<IAcsClient> factory;
    private volatile IAcsClient client;

    /**
     * @param regionId VOD service region (the API region of the videos), e.g. {@code cn-shanghai}
     * @param endpointOverride host name (optionally {@code host:port}) to call instead of
     *     {@code vod.<regionId>.aliyuncs.com}, or null/empty
     * @param credentials the function role's credentials, read before every request
     * @param connectTimeoutMillis TCP/TLS connect timeout, e.g. 1000
     * @param readTimeoutMillis response read timeout, e.g. 3000
     */
    public VodClients(String regionId, String endpointOverride, RoleCredentials credentials,
            long connectTimeoutMillis, long readTimeoutMillis) {
        this(regionId, endpointOverride, credentials, connectTimeoutMillis, readTimeoutMillis, null);
    }

    /**
     * For tests: the production client, which in addition to the JDK's default trust store trusts the server
     * certificates {@code extraTrust} accepts (e.g. the self-signed one of a loopback VOD stand-in). Certificate
     * chains and host names are still verified; nothing else differs from the public constructor.
     *
     * @param extraTrust an additional trust manager, or null for none
     */
    VodClients(String regionId, String endpointOverride, RoleCredentials credentials,
            long connectTimeoutMillis, long readTimeoutMillis, X509TrustManager extraTrust) {
        this.regionId = requireText(regionId, "regionId");
        this.endpoint = endpointFor(regionId, endpointOverride);
        Objects.requireNonNull(credentials, "credentials");
        if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0) {
            throw new IllegalArgumentException("VOD timeouts must be positive, got connect " + connectTimeoutMillis
                    + " ms, read " + readTimeoutMillis + " ms");
        }
        this.factory = () -> build(this.regionId, this.endpoint, credentials, connectTimeoutMillis,
                readTimeoutMillis, extraTrust);
    }

    /** For tests: the same laziness around any factory. */
    VodClients(String regionId, String endpointOverride, Supplier<IAcsClient> factory) {
        this.regionId = requireText(regionId, "regionId");
        this.endpoint = endpointFor(regionId, endpointOverride);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The client, built by the first caller; concurrent first callers share one instance. */
    @Override
    public IAcsClient get() {
        IAcsClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = Objects.requireNonNull(factory.get(), "VOD client factory returned null");
                    client = c;
                }
            }
        }
        return c;
    }

    /** Whether {@link #get()} has built the client yet. */
    public boolean isCreated() {
        return client != null;
    }

    /** The host name requests go to. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "VodClients[region=" + regionId + ", endpoint=" + endpoint + ", created=" + isCreated() + "]";
    }

    private static IAcsClient build(String regionId, String endpoint, RoleCredentials credentials,
            long connectTimeoutMillis, long readTimeoutMillis, X509TrustManager extraTrust) {
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setConnectionTimeoutMillis(connectTimeoutMillis);
        http.setReadTimeoutMillis(readTimeoutMillis);
        http.setProtocolType(ProtocolType.HTTPS);
        if (extraTrust != null) {
            // the SDK combines these with the default trust managers; hostname verification stays on
            http.setX509TrustManagers(new X509TrustManager[] {extraTrust});
        }
        DefaultProfile profile = DefaultProfile.getProfile(regionId);
        profile.setHttpClientConfig(http);
        DefaultAcsClient acs = new DefaultAcsClient(profile, credentials);
        acs.setAutoRetry(false);
        acs.setEndpointResolver(request -> endpoint);
        return acs;
    }

    private static String endpointFor(String regionId, String override) {
        if (override == null || override.trim().isEmpty()) {
            return "vod." + regionId.trim() + ".aliyuncs.com";
        }
        String host = override.trim();
        if (!host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("VOD endpoint must be a bare host name (optionally with :port) such as"
                    + " vod-vpc." + regionId.trim() + ".aliyuncs.com, got '" + host + "'");
        }
        return host;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value.trim();
    }
}
