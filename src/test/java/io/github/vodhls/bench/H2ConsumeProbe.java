package io.github.vodhls.bench;

import io.github.vodhls.adapters.local.H2Database;
import io.github.vodhls.adapters.local.H2TokenStore;
import io.github.vodhls.core.token.TokenRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Use consumes per second on the local stack's H2 store alone (no HTTP): {@code threads} callers each consuming
 * uses of their own token for {@code seconds}. Not part of the test suite:
 * {@code java -cp target/vod-hls-encryption-local.jar:target/test-classes io.github.vodhls.bench.H2ConsumeProbe
 * [seconds=10] [threads=32] [read]}.
 */
public final class H2ConsumeProbe {
    private H2ConsumeProbe() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        // "read": each consume is preceded by the video-revocation read, as in a key fetch
        boolean withRead = args.length > 2 && args[2].equals("read");
        Path dir = Files.createTempDirectory("vodhls-h2probe");
        try (H2Database database = H2Database.open(dir)) {
            H2TokenStore store = new H2TokenStore(database);
            Instant now = Instant.now();
            for (int i = 0; i < threads; i++) {
                store.record(new TokenRecord("probe-" + i, "video", "user", 1_000_000_000, now,
                        now.plusSeconds(3600)));
            }
            AtomicLong consumed = new AtomicLong();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String tokenId = "probe-" + i;
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        if (withRead) {
                            store.videoRevokedBefore("video");
                        }
                        store.consume(tokenId, 1_000_000_000, null, null);
                        consumed.incrementAndGet();
                    }
                });
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                t.join();
            }
            System.out.printf("H2 consume: %d in %d s with %d threads = %.0f/s%n", consumed.get(), seconds, threads,
                    consumed.get() / (double) seconds);
        }
    }
}
