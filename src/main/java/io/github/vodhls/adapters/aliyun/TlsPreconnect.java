package io.github.vodhls.adapters.aliyun;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TLS handshake with a service's endpoint and nothing else, for an FC initializer: no request is sent, so the
 * service sees no call (nothing to bill, authorize, audit or change), and no credential leaves the instance.
 *
 * <p>What it buys the first request: the JDK's TLS and certificate path code loaded and run once, the default trust
 * store read (the JDK keeps it for every later SSL context), the host name resolved (the JDK's DNS cache). The SDK
 * clients still open their own connection with their own SSL context, so the first request still does a handshake,
 * a warm one. Failures are ignored: the first request meets the same problem and reports it as it always did.
 */
final class TlsPreconnect {
    private static final int HTTPS_PORT = 443;

    private TlsPreconnect() {
    }

    /**
     * Connects to {@code host:port} (port 443 when {@code hostAndPort} has none), does the handshake with the default
     * SSL socket factory (certificate chain and host name checked, as the SDKs check them) and closes.
     *
     * @return whether the handshake succeeded; never throws
     */
    static boolean handshake(String hostAndPort, int timeoutMillis) {
        try {
            URI uri = new URI("https://" + hostAndPort);
            if (uri.getHost() == null) {
                return false;
            }
            return handshake(uri.getHost(), uri.getPort() < 0 ? HTTPS_PORT : uri.getPort(), timeoutMillis);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    /** Same as {@link #handshake(String, int)} for an {@code https://host[:port]} URL; false for any other scheme. */
    static boolean handshakeWithUrl(String url, int timeoutMillis) {
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return false;
            }
            return handshake(uri.getHost(), uri.getPort() < 0 ? HTTPS_PORT : uri.getPort(), timeoutMillis);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static boolean handshake(String host, int port, int timeoutMillis) {
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket()) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.startHandshake();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
