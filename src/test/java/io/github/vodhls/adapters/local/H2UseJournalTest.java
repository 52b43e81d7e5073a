package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2UseJournalTest {
    private static final Instant UNTIL = Instant.parse("2026-11-30T05:00:00.123456789Z");

    @TempDir
    Path dir;

    @Test
    void append_thenReadAll_returnsEveryEntryExactly() throws IOException {
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            journal.append(List.of(new H2UseJournal.Entry("t1", 3, UNTIL), new H2UseJournal.Entry("t2", -1, null)));
            journal.append(List.of(new H2UseJournal.Entry("t1", 4, UNTIL.plusNanos(1))));
            List<H2UseJournal.Entry> read = journal.readAll();
            assertEquals(3, read.size());
            assertEquals("t1", read.get(0).tokenId);
            assertEquals(3, read.get(0).uses);
            assertEquals(UNTIL, read.get(0).sessionUntil);
            assertEquals(-1, read.get(1).uses);
            assertNull(read.get(1).sessionUntil);
            assertEquals(UNTIL.plusNanos(1), read.get(2).sessionUntil);
        }
    }

    /**
     * Concurrent appends share writes (one caller writes what the others left waiting): every record whole, once, and
     * each caller's in its own order.
     */
    @Test
    void append_from16Threads_keepsEveryRecordWholeAndInOrder_inSharedWrites() throws Exception {
        int threads = 16;
        int each = 300;
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Void>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String token = "token-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= each; i++) {
                        journal.append(List.of(new H2UseJournal.Entry(token, i, UNTIL.plusSeconds(i))));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Void> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();

            List<H2UseJournal.Entry> read = journal.readAll();
            assertEquals(threads * each, read.size());
            java.util.Map<String, Integer> last = new java.util.HashMap<>();
            for (H2UseJournal.Entry entry : read) {
                int previous = last.getOrDefault(entry.tokenId, 0);
                assertEquals(previous + 1, entry.uses, entry.tokenId + " out of order");
                assertEquals(UNTIL.plusSeconds(entry.uses), entry.sessionUntil);
                last.put(entry.tokenId, entry.uses);
            }
            assertEquals(threads, last.size());
            assertEquals(journal.size(), journal.sizeBytes(), "the size kept without asking the file system");
        }
    }

    @Test
    void reopen_appendsAfterWhatIsThere() throws IOException {
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            journal.append(List.of(new H2UseJournal.Entry("t1", 1, null)));
        }
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            journal.append(List.of(new H2UseJournal.Entry("t1", 2, null)));
            assertEquals(2, journal.readAll().size());
        }
    }

    @Test
    void readAll_tornTail_stopsBeforeIt() throws IOException {
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            journal.append(List.of(new H2UseJournal.Entry("t1", 1, null), new H2UseJournal.Entry("t2", 7, UNTIL)));
        }
        Path file = dir.resolve(H2UseJournal.FILE_NAME);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3));
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            List<H2UseJournal.Entry> read = journal.readAll();
            assertEquals(1, read.size());
            assertEquals("t1", read.get(0).tokenId);
        }
    }

    @Test
    void readAll_corruptRecord_stopsThere() throws IOException {
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            journal.append(List.of(new H2UseJournal.Entry("t1", 1, null), new H2UseJournal.Entry("t2", 7, UNTIL)));
        }
        Path file = dir.resolve(H2UseJournal.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x40;   // a flipped bit in the second record's payload
        Files.write(file, bytes);
        Files.write(file, new byte[] {0, 0, 0, 5}, StandardOpenOption.APPEND);
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            assertEquals(1, journal.readAll().size());
        }
    }

    @Test
    void truncate_emptiesTheFile() throws IOException {
        try (H2UseJournal journal = H2UseJournal.open(dir)) {
            journal.append(List.of(new H2UseJournal.Entry("t1", 1, null)));
            assertTrue(journal.size() > 0);
            journal.truncate();
            assertEquals(0, journal.size());
            assertEquals(List.of(), journal.readAll());
            journal.append(List.of(new H2UseJournal.Entry("t3", 2, null)));
            assertEquals("t3", journal.readAll().get(0).tokenId);
        }
    }
}
