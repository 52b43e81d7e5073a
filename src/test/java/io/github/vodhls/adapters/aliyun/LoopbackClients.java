package io.github.vodhls.adapters.aliyun;

import javax.net.ssl.X509TrustManager;

/**
 * Production {@link AcsClients} for a test outside this package that talks to more than one loopback stand-in: the
 * SDK sends every client's requests through one JVM-wide HTTP client whose trust is set by the first client built, so
 * each client must trust both stand-ins' certificates.
 */
public final class LoopbackClients {
    private LoopbackClients() {
    }

    /** A client of {@code product} at {@code endpoint}, with these timeouts, trusting what either manager trusts. */
    public static AcsClients of(AcsClients.Product product, String region, String endpoint,
            RoleCredentials credentials, long connectTimeoutMillis, long readTimeoutMillis, X509TrustManager first,
            X509TrustManager second) {
        return new AcsClients(product, region, endpoint, credentials, connectTimeoutMillis, readTimeoutMillis,
                LoopbackTls.either(first, second));
    }
}
