package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.adapters.local.vod.LocalVideos.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVideosTest {
    @TempDir
    Path dataDir;

    @Test
    void statuses_followTheLifeCycle() {
        LocalVideos videos = new LocalVideos(dataDir);

        videos.uploading("a", "demo.mp4");
        assertEquals(Status.Uploading, videos.get("a").orElseThrow().status());
        videos.transcoding("a", 140);
        assertEquals(99, videos.get("a").orElseThrow().progress());
        videos.transcoding("a", 42);
        assertEquals(42, videos.get("a").orElseThrow().progress());
        videos.normal("a");

        LocalVideos.Video a = videos.get("a").orElseThrow();
        assertEquals(Status.Normal, a.status());
        assertEquals(100, a.progress());
        assertEquals("demo.mp4", a.title());
        assertNull(a.reason());
        assertTrue(videos.get("nope").isEmpty());
    }

    @Test
    void statuses_surviveANewStoreOnTheSameDirectory() {
        LocalVideos first = new LocalVideos(dataDir);
        first.uploading("a", "one.mp4");
        first.transcoding("a", 30);
        first.uploading("b", "two.mp4");
        first.failed("b", "upload callback failed after 3 attempts: HTTP 500");

        LocalVideos second = new LocalVideos(dataDir);

        LocalVideos.Video a = second.get("a").orElseThrow();
        assertEquals(Status.Transcoding, a.status());
        assertEquals(30, a.progress());
        assertEquals("one.mp4", a.title());
        LocalVideos.Video b = second.get("b").orElseThrow();
        assertEquals(Status.Failed, b.status());
        assertEquals("upload callback failed after 3 attempts: HTTP 500", b.reason());
        assertEquals(List.of("a", "b"), List.copyOf(second.all().keySet()));
        assertFalse(Files.exists(dataDir.resolve(LocalVideos.FILE_NAME + ".tmp")));
    }

    @Test
    void updates_fromManyThreads_areAllKept() throws Exception {
        LocalVideos videos = new LocalVideos(dataDir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 40; i++) {
            String id = "v" + i;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                videos.uploading(id, id);
                videos.transcoding(id, 50);
                videos.normal(id);
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));

        LocalVideos reopened = new LocalVideos(dataDir);
        assertEquals(40, reopened.all().size());
        reopened.all().values().forEach(v -> assertEquals(Status.Normal, v.status()));
    }

    @Test
    void open_whenFileIsCorrupt_isRefused() throws Exception {
        Files.writeString(dataDir.resolve(LocalVideos.FILE_NAME), "{not json");

        assertThrows(IllegalStateException.class, () -> new LocalVideos(dataDir));
    }
}
