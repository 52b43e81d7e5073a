package io.github.vodhls.adapters.aliyun;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * When a loopback stand-in saw each TLS connection open (its ClientHello arrived: the JDK server sets up the
 * connection's TLS engine then) and each request arrive (handshake done, request read), for probes that split a
 * client's first request into connect, handshake and the rest. Instants of the one machine clock, so a child JVM's
 * own timestamps compare with them.
 */
public final class LoopbackTimeline {
    private final List<Instant> connections = new ArrayList<>();
    private final List<Instant> requests = new ArrayList<>();

    /** An HTTPS configurator for {@code tls} that records every new connection here. */
    HttpsConfigurator configurator(SSLContext tls) {
        return new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                connected();
                super.configure(params);
            }
        };
    }

    synchronized void connected() {
        connections.add(Instant.now());
    }

    synchronized void requested() {
        requests.add(Instant.now());
    }

    /** When each TLS connection opened, oldest first. */
    public synchronized List<Instant> connections() {
        return new ArrayList<>(connections);
    }

    /** When each request arrived, oldest first. */
    public synchronized List<Instant> requests() {
        return new ArrayList<>(requests);
    }
}
