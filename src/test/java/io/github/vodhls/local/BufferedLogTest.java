package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BufferedLogTest {

    /** Counts the writes that reach the file, as system calls would be counted. */
    private static final class Target extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void lines_reachTheTargetWithinTheFlushInterval_inFewWrites() throws Exception {
        Target target = new Target();
        PrintStream log = BufferedLog.over(target);
        for (int i = 0; i < 1_000; i++) {
            log.println("{\"function\":\"decrypt\",\"status\":200,\"n\":" + i + "}");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!target.text().contains("\"n\":999}") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String text = target.text();
        assertEquals(1_000, text.split("\n").length, "every line, whole and in order");
        assertTrue(text.startsWith("{\"function\":\"decrypt\",\"status\":200,\"n\":0}"), text.substring(0, 60));
        assertTrue(target.writes.get() < 20, "writes: " + target.writes.get());
    }
}
