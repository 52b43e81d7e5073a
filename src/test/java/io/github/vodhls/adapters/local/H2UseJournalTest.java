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
