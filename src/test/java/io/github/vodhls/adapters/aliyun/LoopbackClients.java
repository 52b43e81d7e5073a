package io.github.vodhls.adapters.aliyun;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509TrustManager;

/**
 * Production {@link AcsClients} for a test that talks to more than one loopback stand-in: the SDK sends every
 * client's requests through one JVM-wide HTTP client whose trust is set by the first client built, so each client
 * must trust every stand-in's certificate.
 */
public final class LoopbackClients {
    private LoopbackClients() {
    }

    /** A client of {@code product} at {@code endpoint}, trusting what any of {@code trusted} trusts. */
    public static AcsClients of(AcsClients.Product product, String region, String endpoint,
            RoleCredentials credentials, long connectTimeoutMillis, long readTimeoutMillis,
            X509TrustManager... trusted) {
        return new AcsClients(product, region, endpoint, credentials, connectTimeoutMillis, readTimeoutMillis,
                eitherOf(List.of(trusted)));
    }

    private static X509TrustManager eitherOf(List<X509TrustManager> managers) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the stand-ins ask for no client certificate");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                CertificateException refused = new CertificateException("trusted by none of the stand-ins");
                for (X509TrustManager manager : managers) {
                    try {
                        manager.checkServerTrusted(chain, authType);
                        return;
                    } catch (CertificateException e) {
                        refused.addSuppressed(e);
                    }
                }
                throw refused;
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return managers.stream().flatMap(m -> List.of(m.getAcceptedIssuers()).stream())
                        .toArray(X509Certificate[]::new);
            }
        };
    }
}
