package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.vod.DemoVideo;
import io.github.vodhls.adapters.local.vod.Ffmpeg;
import io.github.vodhls.adapters.local.vod.FfmpegTranscoder;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.testing.HeadlessChromium;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What one play costs on the server (issue 15 §4): the demo page plays a clip to its end in headless Chromium with
 * hls.js and with video.js/VHS at their default settings, and the stack's request log lines are summed per function:
 * invocations, store calls, KMS calls. Once with the default key {@code Cache-Control} (max-age 300 s), once with
 * {@code no-store} (KEY_CACHE_CONTROL_MAX_AGE_SECONDS=0), to show what the header saves. A measurement, run on demand
 * ({@code mvn -o -q test -Dtest=CostPerPlayBrowserTest}: excluded from the default run in the pom, never skipped);
 * docs/benchmarks.md scales it to a two-hour title.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CostPerPlayBrowserTest {
    private static final int VIDEO_SECONDS = Integer.getInteger("costPerPlay.seconds", 60);
    private static final Path TARGET = Paths.get("target");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDirs;

    private static ChromeDriver browser;
    private static final Map<Integer, Stack> STACKS = new TreeMap<>();

    /** One local stack with its request log and the clip uploaded to it. */
    static final class Stack {
        final LocalStack stack;
        final LongPlaybackBrowserTest.RequestLog log = new LongPlaybackBrowserTest.RequestLog();
        String videoId;

        Stack(int keyMaxAge) throws Exception {
            stack = LocalStack.start(0, dataDirs.resolve("max-age-" + keyMaxAge), null,
                    Map.of("KEY_CACHE_CONTROL_MAX_AGE_SECONDS", Integer.toString(keyMaxAge)),
                    new PrintStream(log, true, StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void startStacksAndBrowser_andUploadTheClip() throws Exception {
        browser = HeadlessChromium.start(TARGET.resolve("chromium/cost-profile"),
                TARGET.resolve("chromium/cost-chromedriver.log"));
        Path source = dataDirs.resolve("clip.mp4");
        DemoVideo.generate(Ffmpeg.locate(System.getenv("PATH")), source, VIDEO_SECONDS);
        for (int maxAge : new int[] {300, 0}) {
            Stack s = new Stack(maxAge);
            assertNull(s.stack.ffmpegProblem(), "ffmpeg must run here");
            HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(URI.create(s.stack.baseUrl()
                    + "/upload?name=clip.mp4")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofFile(source)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, upload.statusCode(), upload.body());
            s.videoId = JsonParser.parseString(upload.body()).getAsJsonObject().get("videoId").getAsString();
            STACKS.put(maxAge, s);
        }
        for (Stack s : STACKS.values()) {
            waitFor(Duration.ofSeconds(300), "the clip to be transcoded", () -> s.stack.videos().get(s.videoId)
                    .filter(v -> v.status() == LocalVideos.Status.Normal).orElse(null));
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        STACKS.values().forEach(s -> s.stack.close());
    }

    @ParameterizedTest(name = "{0}, key max-age {1}")
    @CsvSource({"hls, 300", "vhs, 300", "hls, 0", "vhs, 0"})
    void onePlay_toTheEnd_isCountedPerFunction(String engine, int keyMaxAge) throws Exception {
        Stack s = STACKS.get(keyMaxAge);
        browser.get(s.stack.baseUrl() + "/?player=" + engine);
        waitFor(Duration.ofSeconds(30), "the video list", () -> browser.findElements(
                By.cssSelector("#videos tr[data-video-id='" + s.videoId + "']")).isEmpty() ? null : true);
        int from = s.log.size();
        browser.findElement(By.cssSelector("#videos tr[data-video-id='" + s.videoId + "'] button.play")).click();
        assertEquals("ended", waitFor(Duration.ofSeconds(VIDEO_SECONDS + 120), "the player to end", () -> {
            String state = browser.findElement(By.id("player")).getAttribute("data-state");
            return state.equals("ended") || state.equals("refused") || state.equals("error") ? state : null;
        }));
        List<JsonObject> lines = s.log.linesFrom(from);

        Map<String, int[]> perFunction = new TreeMap<>(); // invocations, storeCalls, storeRoundTrips, kmsCalls
        for (JsonObject line : lines) {
            assertTrue(line.has("storeCalls") && line.has("kmsCalls"), "every line counts its calls: " + line);
            int[] sums = perFunction.computeIfAbsent(line.get("function").getAsString(), f -> new int[4]);
            sums[0]++;
            sums[1] += line.get("storeCalls").getAsInt();
            sums[2] += line.get("storeRoundTrips").getAsInt();
            sums[3] += line.get("kmsCalls").getAsInt();
        }
        int segments = segments(s);
        assertTrue(perFunction.containsKey("decrypt"), "the player fetched the key: " + perFunction);
        assertTrue(perFunction.get("decrypt")[3] <= 1, "one KMS Decrypt per key and instance at most: "
                + perFunction.get("decrypt")[3]);
        StringBuilder report = new StringBuilder();
        perFunction.forEach((function, sums) -> report.append(String.format(
                " %s: %d invocations, %d store calls (%d round trips), %d KMS calls;", function, sums[0], sums[1],
                sums[2], sums[3])));
        System.out.printf("CostPerPlayBrowserTest: %s, KEY_CACHE_CONTROL_MAX_AGE_SECONDS=%d, %d s clip in %d "
                + "segments of %d s:%s%n", engine, keyMaxAge, VIDEO_SECONDS, segments,
                FfmpegTranscoder.SEGMENT_SECONDS, report);
    }

    /** The media playlist's segment count. */
    private static int segments(Stack s) throws Exception {
        Path playlist = s.stack.dataDir().resolve("media").resolve(s.videoId).resolve(FfmpegTranscoder.PLAYLIST);
        int n = 0;
        for (String line : Files.readAllLines(playlist, StandardCharsets.UTF_8)) {
            if (line.startsWith("#EXTINF")) {
                n++;
            }
        }
        return n;
    }

    private static <T> T waitFor(Duration within, String what, Supplier<T> condition) {
        try {
            return new WebDriverWait(browser, within, Duration.ofMillis(200)).until(driver -> condition.get());
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + within.toSeconds() + " s for " + what, e);
        }
    }
}
