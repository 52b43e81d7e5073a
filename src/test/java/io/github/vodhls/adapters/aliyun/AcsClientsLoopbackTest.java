package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real SDK client against loopback sockets that misbehave: failures come out as KMS_UNAVAILABLE, in time. */
class AcsClientsLoopbackTest {
    private static final String CIPHERTEXT = "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJm";
    private final RoleCredentials credentials = new RoleCredentials("STS.id", "secret", "token");

    @Test
    void decrypt_whenKmsAcceptsButNeverAnswers_isKmsUnavailableWithinTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // socket closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", "127.0.0.1:" + silent.getLocalPort(), credentials,
                    500, 300);
            KmsKeyManagement kms = new KmsKeyManagement(clients, "key-1");
            long start = System.nanoTime();
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> kms.decrypt(CIPHERTEXT));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
            // the SDK reports a read timeout inside the TLS handshake as SDK.ServerUnreachable, after the body as SDK.ReadTimeout
            assertTrue(e.getMessage().contains("SDK.ReadTimeout") || e.getMessage().contains("SDK.ServerUnreachable"),
                    e.getMessage());
            assertTrue(tookMillis < 3000, "took " + tookMillis + " ms");
            assertTrue(!e.getMessage().contains(CIPHERTEXT) && !e.getMessage().contains("token"), e.getMessage());
            clients.get().shutdown();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void decrypt_whenNothingListens_isKmsUnavailable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        AcsClients clients = new AcsClients(AcsClients.Product.KMS, "cn-shanghai", "127.0.0.1:" + port, credentials, 500, 300);
        KmsKeyManagement kms = new KmsKeyManagement(clients, "key-1");
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> kms.decrypt(CIPHERTEXT));
        assertEquals(ErrorCode.KMS_UNAVAILABLE, e.errorCode());
        assertTrue(e.getMessage().contains("SDK.ServerUnreachable"), e.getMessage());
        clients.get().shutdown();
    }
}
