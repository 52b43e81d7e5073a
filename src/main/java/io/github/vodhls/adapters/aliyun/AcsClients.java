package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the client of one Alibaba Cloud RPC product (KMS, VOD) for one region on first use and hands out that one
 * instance afterwards.
 *
 * <p>Nothing is built in the constructor: a cold start that never calls the product (a cached key, a replayed
 * callback) pays nothing for it. The client signs every request with the newest {@link RoleCredentials}, talks HTTPS to a
 * fixed endpoint ({@code <product>.<region>.aliyuncs.com}, or the override, e.g. the VPC endpoint
 * {@code kms-vpc.<region>.aliyuncs.com}) so no location-service lookup happens, and has bounded connect and read
 * timeouts with SDK auto-retry off: worst-case latency is connect + read, and the caller decides about retries.
 */
public final class AcsClients implements Supplier<IAcsClient> {

    /** The products this package calls, with their endpoint prefix. */
    public enum Product {
        KMS("kms"), VOD("vod");

        private final String endpointPrefix;

        Product(String endpointPrefix) {
            this.endpointPrefix = endpointPrefix;
        }
    }

    private final Product product;

    private final String regionId;
    private final String endpoint;
    private final Supplier<IAcsClient> factory;
    private volatile IAcsClient client;

    /**
     * @param product which service the client calls
     * @param regionId region of the service, e.g. {@code cn-shanghai}
     * @param endpointOverride host name (optionally {@code host:port}) to call instead of
     *     {@code <product>.<regionId>.aliyuncs.com}, or null/empty
     * @param credentials the function role's credentials, read before every request
     * @param connectTimeoutMillis TCP/TLS connect timeout, e.g. 1000
     * @param readTimeoutMillis response read timeout, e.g. 3000
     */
    public AcsClients(Product product, String regionId, String endpointOverride, RoleCredentials credentials,
            long connectTimeoutMillis, long readTimeoutMillis) {
        this(product, regionId, endpointOverride, credentials, connectTimeoutMillis, readTimeoutMillis, null);
    }

    /**
     * For tests: the production client, which in addition to the JDK's default trust store trusts the server
     * certificates {@code extraTrust} accepts (e.g. the self-signed one of a loopback KMS stand-in). Certificate
     * chains and host names are still verified; nothing else differs from the public constructor.
     *
     * @param extraTrust an additional trust manager, or null for none
     */
    AcsClients(Product product, String regionId, String endpointOverride, RoleCredentials credentials,
            long connectTimeoutMillis, long readTimeoutMillis, X509TrustManager extraTrust) {
        this.product = Objects.requireNonNull(product, "product");
        this.regionId = requireText(regionId, "regionId");
        this.endpoint = endpointFor(product, regionId, endpointOverride);
        Objects.requireNonNull(credentials, "credentials");
        if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0) {
            throw new IllegalArgumentException(product + " timeouts must be positive, got connect "
                    + connectTimeoutMillis + " ms, read " + readTimeoutMillis + " ms");
        }
        this.factory = () -> build(this.regionId, this.endpoint, credentials, connectTimeoutMillis,
                readTimeoutMillis, extraTrust);
    }

    /** For tests: the same laziness around any factory. */
    AcsClients(Product product, String regionId, String endpointOverride, Supplier<IAcsClient> factory) {
        this.product = Objects.requireNonNull(product, "product");
        this.regionId = requireText(regionId, "regionId");
        this.endpoint = endpointFor(product, regionId, endpointOverride);
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
                    c = Objects.requireNonNull(factory.get(), product + " client factory returned null");
                    client = c;
                }
            }
        }
        return c;
    }

    /** HTTPS POST with a JSON answer: how every KMS and VOD request of this package is sent. */
    static void prepare(AcsRequest<?> request) {
        request.setSysProtocol(ProtocolType.HTTPS);
        request.setSysMethod(MethodType.POST);
        request.setSysAcceptFormat(FormatType.JSON);
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
        return "AcsClients[" + product + ", region=" + regionId + ", endpoint=" + endpoint + ", created="
                + isCreated() + "]";
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

    private static String endpointFor(Product product, String regionId, String override) {
        if (override == null || override.trim().isEmpty()) {
            return product.endpointPrefix + "." + regionId.trim() + ".aliyuncs.com";
        }
        String host = override.trim();
        if (!host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException(product + " endpoint must be a bare host name (optionally with :port) "
                    + "such as " + product.endpointPrefix + "-vpc." + regionId.trim() + ".aliyuncs.com, got '" + host
                    + "'");
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
