package io.github.vodhls.adapters.local;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The local store's journal of use consumes and play-session extensions ({@code <dataDir>/uses.journal}): what makes
 * an acknowledged use survive a killed process without H2 writing its whole store for every use.
 *
 * <p>{@link H2UseCounters} appends the state each consume or extension left behind (the token's use count and session
 * end, absolute values) in one {@code write} and only then answers the caller: once {@code write} returns, the bytes
 * are in the operating system's file cache, which a killed process does not lose. When the journal has grown past a
 * limit, the counters write what changed to H2, have H2 write its store and empty the journal. Opening the database
 * replays what is left ({@link #readAll}): each entry can only raise a count or move a session end forward
 * ({@code GREATEST}), so replaying an entry H2 already holds changes nothing.
 *
 * <p>Each record is {@code length, CRC-32, payload}; reading stops at the first record that is short or does not
 * match its checksum (the tail of a write the machine lost, not the process). Thread-safe: concurrent appends share
 * writes.
 */
final class H2UseJournal implements AutoCloseable {
    static final String FILE_NAME = "uses.journal";
    /** A record larger than this is corrupt (token ids are short). */
    private static final int MAX_RECORD_BYTES = 4_096;

    /** The state one write left a token in: its use count ({@code -1}: not changed) and session end (or null). */
    static final class Entry {
        final String tokenId;
        final int uses;
        final Instant sessionUntil;

        Entry(String tokenId, int uses, Instant sessionUntil) {
            this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
            this.uses = uses;
            this.sessionUntil = sessionUntil;
        }
    }

    private final Path path;
    private final FileChannel channel;
    /** A failed write could not be cut off: appending after it would hide the new records from the reader. */
    private volatile boolean broken;
    /** Where the last append ended (the file's size unless another process wrote to it). */
    private volatile long sizeBytes;
    /** The records waiting for the next write. Guarded by this. */
    private Batch open = new Batch();
    /** Whether a caller is writing a batch now. Guarded by this. */
    private boolean writing;

    private H2UseJournal(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating if absent) the journal in {@code dir}, positioned at its end. */
    static H2UseJournal open(Path dir) throws IOException {
        Path path = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        channel.position(channel.size());
        H2UseJournal journal = new H2UseJournal(path, channel);
        journal.sizeBytes = channel.size();
        return journal;
    }

    /** Records gathered for one write, and what became of it. Guarded by the journal's monitor. */
    private static final class Batch {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        boolean done;
        IOException failure;
    }

    /**
     * Appends {@code entries}; returns once they are in the file (not synced to the disk). Concurrent callers share
     * writes (group commit): a caller that finds no write in progress writes everything waiting (its own records and
     * those of the callers that came while the last write ran) in one {@code write} and then wakes them; the others
     * wait for that write. A failed write is cut off again, so the file never holds a partial record followed by whole
     * ones, and fails every caller whose records it held.
     */
    void append(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        byte[] records = records(entries);
        Batch mine;
        Batch lead = null;
        boolean interrupted = false;
        synchronized (this) {
            mine = open;
            mine.bytes.write(records, 0, records.length);
            while (!mine.done && writing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the records are in a batch: wait for its write all the same
                }
            }
            if (!mine.done) {
                // No write in progress and ours not written: ours is the open batch, and this caller writes it
                writing = true;
                lead = mine;
                open = new Batch();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (lead != null) {
            IOException failure = null;
            try {
                write(lead.bytes.toByteArray());
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                lead.failure = failure;
                lead.done = true;
                writing = false;
                notifyAll();
            }
        }
        if (mine.failure != null) {
            throw new IOException("the use journal could not be written", mine.failure);
        }
    }

    private static byte[] records(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * entries.size());
        DataOutputStream out = new DataOutputStream(bytes);
        for (Entry entry : entries) {
            byte[] payload = payload(entry);
            CRC32 crc = new CRC32();
            crc.update(payload);
            out.writeInt(payload.length);
            out.writeInt((int) crc.getValue());
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    /** One write of whole records, by the one caller writing ({@link #append}); cut off again if it fails. */
    private void write(byte[] records) throws IOException {
        if (broken) {
            throw new IOException("the use journal could not be repaired after a failed write");
        }
        ByteBuffer buffer = ByteBuffer.wrap(records);
        long start = channel.position();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            sizeBytes = start + buffer.limit();
        } catch (IOException e) {
            // A partial record would end every later one for the reader: cut it off, or refuse all later appends
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException again) {
                broken = true;
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private static byte[] payload(Entry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(entry.tokenId);
        out.writeInt(entry.uses);
        out.writeBoolean(entry.sessionUntil != null);
        if (entry.sessionUntil != null) {
            out.writeLong(entry.sessionUntil.getEpochSecond());
            out.writeInt(entry.sessionUntil.getNano());
        }
        return bytes.toByteArray();
    }

    /** Every whole, intact record from the start of the file, stopping at the first that is not. */
    List<Entry> readAll() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream file = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return entries;
                }
                if (length <= 0 || length > MAX_RECORD_BYTES) {
                    return entries;
                }
                int expected;
                byte[] payload = new byte[length];
                try {
                    expected = in.readInt();
                    in.readFully(payload);
                } catch (EOFException torn) {
                    return entries;
                }
                CRC32 crc = new CRC32();
                crc.update(payload);
                if ((int) crc.getValue() != expected) {
                    return entries;
                }
                entries.add(decode(payload));
            }
        }
    }

    private static Entry decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        String tokenId = in.readUTF();
        int uses = in.readInt();
        Instant until = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        return new Entry(tokenId, uses, until);
    }

    /** The journal's size in bytes. */
    synchronized long size() throws IOException {
        return channel.size();
    }

    /** The journal's size as this process wrote it, without asking the file system (checked after every append). */
    long sizeBytes() {
        return sizeBytes;
    }

    /**
     * Empties the journal: only once everything it records is in H2's file, and while no append can start (the
     * counters call it holding their checkpoint lock; open and close, alone): it waits for a write in progress, but
     * records appended after that would be emptied with the rest.
     */
    synchronized void truncate() throws IOException {
        boolean interrupted = false;
        while (writing) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        channel.truncate(0);
        channel.position(0);
        sizeBytes = 0;
        broken = false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
