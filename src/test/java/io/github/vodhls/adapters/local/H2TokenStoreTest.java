package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.TokenStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2TokenStoreTest extends TokenStoreContract {

    private static final Instant CUTOFF = Instant.parse("2026-01-01T00:10:00.123456789Z");

    @TempDir
    Path tempDir;

    private H2Databases databases;

    @BeforeEach
    void openDatabases() {
        databases = new H2Databases(tempDir);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    @Override
    protected TokenStore store() {
        return new H2TokenStore(databases.fresh());
    }

    private Path dataDir() {
        return tempDir.resolve("data");
    }

    private H2TokenStore storeIn(H2Database database) {
        return new H2TokenStore(database);
    }

    @Test
    void consume_usesCountedBeforeRestart_stillCountAfterReopen() {
        String id = newId();
        H2Database first = databases.open(dataDir());
        H2TokenStore before = storeIn(first);
        before.record(token(id, 3));
        assertEquals(1, before.consume(id, 3).usesAfter());
        assertEquals(2, before.consume(id, 3).usesAfter());
        first.close();

        H2TokenStore after = storeIn(databases.open(dataDir()));

        assertEquals(3, after.consume(id, 3).usesAfter());
        assertEquals(ConsumeResult.Status.EXHAUSTED, after.consume(id, 3).status());
    }

    @Test
    void revocations_madeBeforeRestart_stillHoldAfterReopen() {
        String id = newId();
        H2Database first = databases.open(dataDir());
        H2TokenStore before = storeIn(first);
        before.record(token(id, 5));
        assertTrue(before.revoke(id));
        before.revokeVideo("video-1", CUTOFF);
        first.close();

        H2TokenStore after = storeIn(databases.open(dataDir()));

        assertEquals(ConsumeResult.Status.REVOKED, after.consume(id, 5).status());
        assertEquals(CUTOFF, after.videoRevokedBefore("video-1").orElseThrow());
        after.revokeVideo("video-1", CUTOFF.minusSeconds(60));
        assertEquals(CUTOFF, after.videoRevokedBefore("video-1").orElseThrow());
    }

    @Test
    void record_afterRestartWithSameId_failsAndKeepsCounter() {
        String id = newId();
        H2Database first = databases.open(dataDir());
        storeIn(first).record(token(id, 1));
        assertTrue(storeIn(first).consume(id, 1).isConsumed());
        first.close();

        H2TokenStore after = storeIn(databases.open(dataDir()));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> after.record(token(id, 1)));
        assertEquals("token id already recorded: " + id, e.getMessage());
        assertEquals(ConsumeResult.Status.EXHAUSTED, after.consume(id, 1).status());
    }

    @Test
    void consume_whenMaxUsesGrowsAfterExhaustion_grantsTheNewUses() {
        TokenStore store = store();
        String id = newId();
        store.record(token(id, 1));
        assertTrue(store.consume(id, 1).isConsumed());
        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume(id, 1).status());
        assertEquals(2, store.consume(id, 2).usesAfter());
    }

    @Test
    void revokeVideo_when32ThreadsRaceOnANewVideo_keepsTheLatestCutoff() throws Exception {
        TokenStore store = store();
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Instant cutoff = CUTOFF.plusSeconds(i);
                results.add(pool.submit(() -> {
                    start.await();
                    store.revokeVideo("video-race", cutoff);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : results) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CUTOFF.plusSeconds(threads - 1), store.videoRevokedBefore("video-race").orElseThrow());
    }

    @Test
    void anyCall_afterDatabaseClosed_isStoreUnavailableWithoutTheTokenId() {
        H2Database database = databases.fresh();
        H2TokenStore store = storeIn(database);
        String id = newId();
        store.record(token(id, 3));
        database.close();

        DependencyUnavailableException e =
                assertThrows(DependencyUnavailableException.class, () -> store.consume(id, 3));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertFalse(e.getMessage().contains(id), e.getMessage());
        assertThrows(DependencyUnavailableException.class, () -> store.record(token(newId(), 3)));
        assertThrows(DependencyUnavailableException.class, () -> store.videoRevokedBefore("video-1"));
    }
}
