package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenStanding;
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
    void reopen_journaledUsesBeyondTheStoreFile_areReplayed() throws Exception {
        String id = newId();
        H2Database first = databases.open(dataDir());
        storeIn(first).record(token(id, 5));
        first.close();
        Instant until = Instant.parse("2030-01-01T00:00:00.000000001Z");
        // What a killed process leaves: acknowledged consumes in the journal that H2 never wrote to its file
        try (H2UseJournal journal = H2UseJournal.open(dataDir())) {
            journal.append(List.of(new H2UseJournal.Entry(id, 3, null), new H2UseJournal.Entry(id, 4, until)));
        }

        H2TokenStore after = storeIn(databases.open(dataDir()));

        try (H2UseJournal journal = H2UseJournal.open(dataDir())) {
            assertEquals(List.of(), journal.readAll(), "replayed entries are in H2's file; the journal is emptied");
        }
        assertEquals(TokenStanding.ACTIVE, after.standing(id, until), "the journaled session end was replayed");
        assertEquals(TokenStanding.EXPIRED, after.standing(id, until.plusNanos(1)));
        assertEquals(5, after.consume(id, 5).usesAfter());
        assertEquals(ConsumeResult.Status.EXHAUSTED, after.consume(id, 5).status());
    }

    @Test
    void reopen_journalEntryBehindTheStoreFile_lowersNothing() throws Exception {
        String id = newId();
        H2Database first = databases.open(dataDir());
        H2TokenStore before = storeIn(first);
        before.record(token(id, 10));
        for (int i = 0; i < 4; i++) {
            before.consume(id, 10);
        }
        first.close();
        try (H2UseJournal journal = H2UseJournal.open(dataDir())) {
            journal.append(List.of(new H2UseJournal.Entry(id, 1, Instant.EPOCH)));
        }

        H2TokenStore after = storeIn(databases.open(dataDir()));

        assertEquals(5, after.consume(id, 10).usesAfter());
        assertEquals(TokenStanding.ACTIVE, after.standing(id, Instant.parse("2026-01-01T00:10:00Z")),
                "the session end (the token's exp) was not moved back to the entry's");
    }

    @Test
    void consume_acknowledged_survivesWhatAKilledProcessLeaves() throws Exception {
        String id = newId();
        H2Database database = databases.open(dataDir());
        H2TokenStore store = storeIn(database);
        store.record(token(id, 10));

        store.consume(id, 10);
        store.consume(id, 10);
        Path leftBehind = filesAsOfNow(dataDir());   // the files as a kill -9 right now would leave them

        try (H2UseJournal journal = H2UseJournal.open(leftBehind)) {
            List<H2UseJournal.Entry> entries = journal.readAll();
            assertEquals(2, entries.get(entries.size() - 1).uses, "journaled before the consume returned");
        }
        assertEquals(3, storeIn(databases.open(leftBehind)).consume(id, 10).usesAfter());
    }

    @Test
    void consume_journalPastItsLimit_isEmptiedOnlyOnceH2HoldsItsEntries() throws Exception {
        String early = newId();
        String late = newId();
        // H2's background write far off: only the committer's own store write can put the early uses in the file
        H2Database database = H2Database.open(dataDir(), 200, 600_000);
        Path leftBehind;
        try {
            H2TokenStore store = storeIn(database);
            store.record(token(early, 100));
            store.record(token(late, 100));
            for (int i = 0; i < 10; i++) {
                store.consume(early, 100);
            }
            // The early token's entries leave the journal at the next emptying: only H2's file can hold them then
            for (int i = 0; i < 40; i++) {
                store.consume(late, 100);
            }
            leftBehind = filesAsOfNow(dataDir());
        } finally {
            database.close();
        }
        try (H2UseJournal journal = H2UseJournal.open(leftBehind)) {
            // entries of ~47 bytes; emptied after each batch that took it past 200 bytes (the committer empties it
            // right after answering, so the last batch may not have been emptied yet)
            assertTrue(journal.size() < 400, "emptied whenever it passed 200 bytes: " + journal.size());
            assertTrue(journal.readAll().stream().noneMatch(entry -> entry.tokenId.equals(early)));
        }
        // No clean close: what H2's file and the journal held at that moment account for every use
        H2TokenStore after = storeIn(databases.open(leftBehind));
        assertEquals(11, after.consume(early, 100).usesAfter());
        assertEquals(41, after.consume(late, 100).usesAfter());
    }

    @Test
    void close_writesTheCountsIntoH2sFile_andEmptiesTheJournal() throws Exception {
        String id = newId();
        H2Database first = databases.open(dataDir());
        H2TokenStore store = storeIn(first);
        store.record(token(id, 10));
        for (int i = 0; i < 3; i++) {
            store.consume(id, 10, null, Instant.parse("2030-01-01T00:00:00Z"));
        }
        first.close();

        try (H2UseJournal journal = H2UseJournal.open(dataDir())) {
            assertEquals(List.of(), journal.readAll(), "nothing left to replay");
        }
        H2Database again = databases.open(dataDir());
        assertEquals("3 2030-01-01T00:00Z", again.read("read a row", connection -> {
            try (java.sql.PreparedStatement select = connection.prepareStatement(
                    "SELECT uses, session_until FROM tokens WHERE token_id = ?")) {
                select.setString(1, id);
                try (java.sql.ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    return rs.getInt(1) + " " + rs.getObject(2, java.time.OffsetDateTime.class);
                }
            }
        }));
    }

    @Test
    void consume_whenTheJournalCannotBeWritten_isStoreUnavailable_andCountsNothing() throws Exception {
        String id = newId();
        H2Database database = databases.open(dataDir());
        storeIn(database).record(token(id, 10));
        Path elsewhere = java.nio.file.Files.createDirectories(tempDir.resolve("journal-" + newId()));
        H2UseJournal journal = H2UseJournal.open(elsewhere);
        H2UseCounters counters = new H2UseCounters(database, journal, 1 << 20, 100);
        assertEquals(1, counters.consume(id, 10, null, null).usesAfter());

        journal.close(); // every later write fails, as on a full disk
        for (int i = 0; i < 2; i++) {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                    () -> counters.consume(id, 10, null, null));
            assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
            assertFalse(e.getMessage().contains(id), e.getMessage());
        }
        assertEquals(TokenStanding.ACTIVE, counters.standing(id, 2, null), "the refused consumes counted nothing");
        assertEquals(TokenStanding.EXHAUSTED, counters.standing(id, 1, null));
    }

    @Test
    void counters_pastTheirRowLimit_forgetRows_onlyOnceH2HoldsTheirCounts() throws Exception {
        H2Database database = databases.open(dataDir());
        H2TokenStore store = storeIn(database);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(newId());
            store.record(token(ids.get(i), 10));
        }
        Path elsewhere = java.nio.file.Files.createDirectories(tempDir.resolve("journal-" + newId()));
        H2UseJournal journal = H2UseJournal.open(elsewhere);
        H2UseCounters counters = new H2UseCounters(database, journal, 1 << 20, 3);
        for (String id : ids) {
            counters.consume(id, 10, null, null);
            counters.consume(id, 10, null, null);
            assertTrue(counters.heldRows() <= 3, "held: " + counters.heldRows());
        }
        assertTrue(journal.sizeBytes() < 4 * 60, "emptied at each checkpoint: " + journal.sizeBytes());
        for (String id : ids) {
            assertEquals(3, counters.consume(id, 10, null, null).usesAfter(), "forgotten rows come back from H2");
        }
        for (String id : ids) {
            assertEquals(TokenStanding.ACTIVE, counters.standing(id, 10, null));
            assertTrue(counters.heldRows() <= 3, "reads are bounded too: " + counters.heldRows());
        }
    }

    /** A copy of the database's files as they are on disk now, which is what a killed process leaves behind. */
    private Path filesAsOfNow(Path dir) throws java.io.IOException {
        Path copy = tempDir.resolve("killed-" + newId());
        java.nio.file.Files.createDirectories(copy);
        for (String name : new String[] {"store.mv.db", H2UseJournal.FILE_NAME}) {
            java.nio.file.Files.copy(dir.resolve(name), copy.resolve(name));
        }
        return copy;
    }

    @Test
    void videoRevokedBefore_readThenRevoked_seesTheRevocationAtOnce() {
        H2Database database = databases.open(dataDir());
        H2TokenStore reader = storeIn(database);
        H2TokenStore revoker = storeIn(database);
        assertTrue(reader.videoRevokedBefore("video-9").isEmpty());
        assertTrue(revoker.videoRevokedBefore("video-9").isEmpty());

        revoker.revokeVideo("video-9", CUTOFF);

        assertEquals(CUTOFF, reader.videoRevokedBefore("video-9").orElseThrow());
        revoker.revokeVideo("video-9", CUTOFF.plusSeconds(5));
        assertEquals(CUTOFF.plusSeconds(5), reader.videoRevokedBefore("video-9").orElseThrow());
    }

    @Test
    void revokeVideo_earlierCutoffNotYetRead_readsTheLaterStoredOne() {
        H2Database database = databases.open(dataDir());
        storeIn(database).revokeVideo("video-8", CUTOFF);
        database.revocationCutoffs.clear();   // as after a restart or when the cache starts over

        storeIn(database).revokeVideo("video-8", CUTOFF.minusSeconds(60));

        assertEquals(CUTOFF, storeIn(database).videoRevokedBefore("video-8").orElseThrow());
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

    @Test
    void consume_afterAJournalWriteThatCouldNotBeCutOff_recoversOnceTheFileWorksAgain() throws Exception {
        String id = newId();
        H2Database database = databases.open(dataDir());
        H2TokenStore store = storeIn(database);
        store.record(token(id, 100));
        assertEquals(1, store.consume(id, 100).usesAfter());
        FailingChannel channel = FailingChannel.into(database);

        channel.failing = true;   // e.g. EIO: the write fails and so does cutting it off (the journal is "broken")
        DependencyUnavailableException e =
                assertThrows(DependencyUnavailableException.class, () -> store.consume(id, 100));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        channel.failing = false;  // the disk works again

        // "makes the next caller try a checkpoint", which empties and so repairs the journal (retried after 1 s)
        ConsumeResult result = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                result = store.consume(id, 100);
                break;
            } catch (DependencyUnavailableException refused) {
                Thread.sleep(50);
            }
        }
        assertTrue(result != null && result.status() == ConsumeResult.Status.CONSUMED,
                "still STORE_UNAVAILABLE 5 s after the journal's file works again");
        assertEquals(2, result.usesAfter());
    }

    @Test
    void open_whenTheJournalReplayFails_leavesTheJournalForTheNextOpen() throws Exception {
        String id = newId();
        H2Database first = databases.open(dataDir());
        storeIn(first).record(token(id, 10));
        first.close();
        try (H2UseJournal journal = H2UseJournal.open(dataDir())) {
            // Acknowledged uses, then an entry H2 cannot take (stands for any replay failure: SQL, I/O, a bad entry)
            journal.append(List.of(new H2UseJournal.Entry(id, 3, null), new H2UseJournal.Entry(id, 4, Instant.MAX)));
        }

        assertThrows(RuntimeException.class, () -> H2Database.open(dataDir()));

        try (H2UseJournal journal = H2UseJournal.open(dataDir())) {
            assertEquals(2, journal.readAll().size(), "a failed open must not empty what it did not replay");
        }
    }

    @Test
    void revoke_whoseStoreWriteFailsAfterTheUpdate_isNotGrantedFromMemory() throws Exception {
        String id = newId();
        H2Database database = databases.open(dataDir());
        H2TokenStore store = storeIn(database);
        store.record(token(id, 10));
        assertEquals(1, store.consume(id, 10).usesAfter());   // the row is now held in memory
        java.lang.reflect.Field storeField = H2Database.class.getDeclaredField("store");
        storeField.setAccessible(true);
        Object h2Store = storeField.get(database);
        java.lang.reflect.Field unsafeField = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        unsafeField.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) unsafeField.get(null);
        // A store whose write fails: the revoking UPDATE commits, then H2's store write (flush) throws
        storeField.set(database, unsafe.allocateInstance(org.h2.mvstore.db.Store.class));
        try {
            assertThrows(DependencyUnavailableException.class, () -> store.revoke(id));
        } finally {
            storeField.set(database, h2Store);
        }

        // H2 holds revoked = TRUE (what the store answered before 69471de); memory must not grant it either
        assertEquals(ConsumeResult.Status.REVOKED, store.consume(id, 10).status());
    }

    /** The journal's file channel, failing every write and truncate while {@link #failing}. */
    private static final class FailingChannel extends java.nio.channels.FileChannel {
        private final java.nio.channels.FileChannel delegate;
        volatile boolean failing;

        private FailingChannel(java.nio.channels.FileChannel delegate) {
            this.delegate = delegate;
        }

        static FailingChannel into(H2Database database) throws ReflectiveOperationException {
            java.lang.reflect.Field journalField = H2Database.class.getDeclaredField("journal");
            journalField.setAccessible(true);
            Object journal = journalField.get(database);
            java.lang.reflect.Field channelField = H2UseJournal.class.getDeclaredField("channel");
            channelField.setAccessible(true);
            FailingChannel failing = new FailingChannel((java.nio.channels.FileChannel) channelField.get(journal));
            channelField.set(journal, failing);
            return failing;
        }

        private void check() throws java.io.IOException {
            if (failing) {
                throw new java.io.IOException("injected I/O error");
            }
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws java.io.IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws java.io.IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws java.io.IOException {
            check();
            return delegate.write(src);
        }

        @Override
        public long write(java.nio.ByteBuffer[] srcs, int offset, int length) throws java.io.IOException {
            check();
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws java.io.IOException {
            return delegate.position();
        }

        @Override
        public java.nio.channels.FileChannel position(long newPosition) throws java.io.IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws java.io.IOException {
            return delegate.size();
        }

        @Override
        public java.nio.channels.FileChannel truncate(long size) throws java.io.IOException {
            check();
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws java.io.IOException {
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target)
                throws java.io.IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count)
                throws java.io.IOException {
            check();
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(java.nio.ByteBuffer dst, long position) throws java.io.IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(java.nio.ByteBuffer src, long position) throws java.io.IOException {
            check();
            return delegate.write(src, position);
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws java.io.IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws java.io.IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared)
                throws java.io.IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws java.io.IOException {
            delegate.close();
        }
    }
}
