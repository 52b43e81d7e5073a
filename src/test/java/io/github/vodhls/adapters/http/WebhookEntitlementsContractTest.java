package io.github.vodhls.adapters.http;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.entitlement.EntitlementsContract;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link WebhookEntitlements} against a customer backend on 127.0.0.1 that reads the posted pair and answers
 * {@code {"allowed": ...}} from its rule, or 503 while it cannot answer. Statuses, retries, timeouts and bodies are
 * {@link WebhookEntitlementsTest}'s.
 */
class WebhookEntitlementsContractTest extends EntitlementsContract {
    private static final String SECRET = "contract-secret";

    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile boolean answerable = true;
    private HttpServer server;
    private ExecutorService serverThreads;

    @BeforeEach
    void startBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/entitlements", exchange -> {
            try {
                if (!("POST".equals(exchange.getRequestMethod())
                        && ("Bearer " + SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization")))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                JsonObject pair = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8)).getAsJsonObject();
                if (!answerable) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                boolean allowed = !denied.contains(pair.get("userId").getAsString() + '\0'
                        + pair.get("videoId").getAsString());
                byte[] body = ("{\"allowed\": " + allowed + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopBackend() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Override
    protected Entitlements entitlements() {
        return new WebhookEntitlements(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/entitlements"), SECRET,
                Duration.ofSeconds(2), 1);
    }

    @Override
    protected void deny(String userId, String videoId) {
        denied.add(userId + '\0' + videoId);
    }

    @Override
    protected void answerable(boolean answerable) {
        this.answerable = answerable;
    }
}
