package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.vod.DemoVideo;
import io.github.vodhls.adapters.local.vod.Ffmpeg;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.testing.HeadlessChromium;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Long playback in headless Chromium, at 1x speed, with hls.js and with video.js/VHS at their default settings, on a
 * stack whose tokens live 10 s with no clock skew and whose key answers may be cached 2 s: far shorter than the
 * 60 s video, so every play runs past its token's {@code exp} and (VHS) keeps asking for the key after it. Play
 * sessions (idle window 8 s) keep a token in use valid; the demo page refreshes a token whose session went idle
 * during a pause; a revoked token stops getting keys, and the player stuck on it costs the function a few
 * invocations a minute ({@code -Dlongplay.refusalCacheSeconds=0} measures the same without cached refusals).
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class LongPlaybackBrowserTest {
    private static final int VIDEO_SECONDS = 60;
    private static final int TOKEN_SECONDS = 10;
    private static final int KEY_CACHE_SECONDS = 2;
    private static final int IDLE_SECONDS = 8;
    private static final int REFUSAL_CACHE_SECONDS = Integer.getInteger("longplay.refusalCacheSeconds", 60);
    private static final Path TARGET = Paths.get("target");

    @TempDir
    static Path dataDir;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final RequestLog REQUESTS = new RequestLog();
    private static LocalStack stack;
    private static ChromeDriver browser;
    private static String videoId;

    /** The stack's request log lines, each with the time it was written. */
    static final class RequestLog extends OutputStream {
        private final List<long[]> times = new ArrayList<>();
        private final List<JsonObject> lines = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                current.append((char) b);
                return;
            }
            int brace = current.indexOf("{");
            if (brace >= 0) {
                try {
                    lines.add(JsonParser.parseString(current.substring(brace)).getAsJsonObject());
                    times.add(new long[] {System.nanoTime()});
                } catch (RuntimeException notJson) {
                    // a line of the stack that is no request log line
                }
            }
            current.setLength(0);
        }

        /** Key GETs of one token logged at or after {@code sinceNanos}: their statuses, in order. */
        synchronized List<Integer> keyFetches(String tokenId, long sinceNanos) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                JsonObject line = lines.get(i);
                if (times.get(i)[0] >= sinceNanos && "decrypt".equals(text(line, "function"))
                        && "GET".equals(text(line, "method")) && tokenId.equals(text(line, "tokenId"))) {
                    statuses.add(line.get("status").getAsInt());
                }
            }
            return statuses;
        }

        /** How many lines so far. */
        synchronized int size() {
            return lines.size();
        }

        /** The lines from index {@code from} (a {@link #size()} taken earlier) on. */
        synchronized List<JsonObject> linesFrom(int from) {
            return new ArrayList<>(lines.subList(from, lines.size()));
        }

        private static String text(JsonObject line, String field) {
            return line.has(field) ? line.get(field).getAsString() : null;
        }
    }

    @BeforeAll
    static void startStackAndBrowser_andUploadASixtySecondVideo() throws Exception {
        browser = HeadlessChromium.start(TARGET.resolve("chromium/long-profile"),
                TARGET.resolve("chromium/long-chromedriver.log"));
        stack = LocalStack.start(0, dataDir, null, Map.of(
                "TOKEN_DEFAULT_TTL_SECONDS", Integer.toString(TOKEN_SECONDS),
                "TOKEN_CLOCK_SKEW_SECONDS", "0",
                "KEY_CACHE_CONTROL_MAX_AGE_SECONDS", Integer.toString(KEY_CACHE_SECONDS),
                "TOKEN_SESSION_IDLE_SECONDS", Integer.toString(IDLE_SECONDS),
                "REFUSAL_CACHE_CONTROL_MAX_AGE_SECONDS", Integer.toString(REFUSAL_CACHE_SECONDS)),
                new PrintStream(REQUESTS, true, StandardCharsets.UTF_8));
        assertNull(stack.ffmpegProblem(), "ffmpeg must run here (CI installs libpulse0 for the bundled one)");
        Path source = dataDir.resolve("long.mp4");
        DemoVideo.generate(Ffmpeg.locate(System.getenv("PATH")), source, VIDEO_SECONDS);
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl()
                + "/upload?name=long.mp4")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofFile(source)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, upload.statusCode(), upload.body());
        videoId = JsonParser.parseString(upload.body()).getAsJsonObject().get("videoId").getAsString();
        waitFor(Duration.ofSeconds(180), "the 60 s video to be transcoded", () -> stack.videos().get(videoId)
                .filter(v -> v.status() == LocalVideos.Status.Normal).orElse(null));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hls", "vhs"})
    void aPlainPlayUrl_playsToItsEnd_longAfterItsTokenExpired(String engine) throws Exception {
        JsonObject token = issue("viewer-" + engine);
        long expiresAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(TOKEN_SECONDS);
        openPage(engine);
        playUrl(token.get("playUrl").getAsString());

        assertEquals("ended", settle(Duration.ofSeconds(VIDEO_SECONDS + 60)), report());
        List<Integer> afterExpiry = REQUESTS.keyFetches(token.get("tokenId").getAsString(), expiresAt);
        assertTrue(afterExpiry.stream().allMatch(status -> status == 200), "every key fetch answered: " + afterExpiry);
        if (engine.equals("vhs")) {
            // VHS asks for the key of every segment it loads, and it loads on as it plays (its buffer goal grows);
            // the browser answers for 2 s, the function after that: past the token's exp, on its play session
            assertTrue(afterExpiry.size() >= 1, "VHS kept fetching the key past the token's exp: " + afterExpiry);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hls", "vhs"})
    void aPausePastTheIdleWindow_recoversThroughThePagesRefresh(String engine) throws Exception {
        openPage(engine);
        browser.findElement(By.cssSelector("#videos tr[data-video-id='" + videoId + "'] button.play")).click();
        // Early, while VHS has buffered only its first 30 s: after the pause it must ask for the key again
        waitFor(Duration.ofSeconds(60), "3 s of playback", () -> currentTime() >= 3 ? true : null);
        browser.executeScript("window.demoPlayer.media().pause();");
        Thread.sleep(TimeUnit.SECONDS.toMillis(2L * IDLE_SECONDS + 4)); // the token expired, its session went idle
        browser.executeScript("window.demoPlayer.media().play();");

        assertEquals("ended", settle(Duration.ofSeconds(VIDEO_SECONDS + 60)), report());
        String log = browser.findElement(By.id("log")).getText();
        if (engine.equals("vhs")) {
            assertTrue(log.contains("answered TOKEN_EXPIRED: refreshing the token"), log);
            assertTrue(log.contains("token refreshed: expires "), log);
        }
    }

    @Test
    void aRevokedToken_getsNoKeyAfterOneCacheAge_andAStuckVhsPlayerCostsAFewInvocationsAMinute() throws Exception {
        JsonObject token = issue("viewer-revoked");
        String tokenId = token.get("tokenId").getAsString();
        openPage("vhs");
        playUrl(token.get("playUrl").getAsString());
        waitFor(Duration.ofSeconds(60), "6 s of playback", () -> currentTime() >= 6 ? true : null);

        apiPost("/revoke", "{\"tokenId\":\"" + tokenId + "\"}");
        long revoked = System.nanoTime();
        int watchSeconds = 40;
        Thread.sleep(TimeUnit.SECONDS.toMillis(watchSeconds));

        List<Integer> afterOneCacheAge = REQUESTS.keyFetches(tokenId,
                revoked + TimeUnit.SECONDS.toNanos(KEY_CACHE_SECONDS));
        assertTrue(afterOneCacheAge.stream().noneMatch(status -> status == 200),
                "no key after the revocation plus one cache age: " + afterOneCacheAge);
        double perMinute = afterOneCacheAge.size() * 60.0 / (watchSeconds - KEY_CACHE_SECONDS);
        System.out.printf("LongPlaybackBrowserTest: REFUSAL_CACHE_CONTROL_MAX_AGE_SECONDS=%d: key fetches reaching the "
                + "decrypt function since the revocation %s; from one cache age on, %d in %d s = %.1f per minute%n",
                REFUSAL_CACHE_SECONDS, REQUESTS.keyFetches(tokenId, revoked), afterOneCacheAge.size(),
                watchSeconds - KEY_CACHE_SECONDS, perMinute);
        if (REFUSAL_CACHE_SECONDS >= 60) {
            assertTrue(perMinute <= 6, "a stuck player costs a few invocations a minute: " + afterOneCacheAge);
        }
        assertTrue(currentTime() < VIDEO_SECONDS - 5, "playback stopped before the end: " + currentTime());
    }

    private static JsonObject issue(String userId) throws Exception {
        return apiPost("/token", "{\"videoId\":\"" + videoId + "\",\"userId\":\"" + userId + "\"}");
    }

    private static JsonObject apiPost(String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + stack.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void openPage(String engine) {
        browser.get(stack.baseUrl() + "/?player=" + engine);
        waitFor(Duration.ofSeconds(30), "the video list", () -> browser.findElements(
                By.cssSelector("#videos tr[data-video-id='" + videoId + "']")).isEmpty() ? null : true);
    }

    private static void playUrl(String url) {
        WebElement field = browser.findElement(By.id("url"));
        field.clear();
        field.sendKeys(url);
        browser.findElement(By.cssSelector("#play-url button")).click();
    }

    private static double currentTime() {
        Object time = browser.executeScript("const m = window.demoPlayer.media(); return m ? m.currentTime : 0;");
        return ((Number) time).doubleValue();
    }

    private static String settle(Duration within) {
        return waitFor(within, "the player to end, be refused or fail", () -> {
            String state = browser.findElement(By.id("player")).getAttribute("data-state");
            return state.equals("ended") || state.equals("refused") || state.equals("error") ? state : null;
        });
    }

    private static <T> T waitFor(Duration within, String what, Supplier<T> condition) {
        try {
            return new WebDriverWait(browser, within, Duration.ofMillis(200)).until(driver -> condition.get());
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + within.toSeconds() + " s for " + what + "\n" + report(), e);
        }
    }

    private static String report() {
        try {
            return "state=" + browser.findElement(By.id("player")).getAttribute("data-state") + " code="
                    + browser.findElement(By.id("player")).getAttribute("data-error-code") + " time=" + currentTime()
                    + "\npage log:\n" + browser.findElement(By.id("log")).getText();
        } catch (RuntimeException e) {
            return "(page not readable: " + e.getMessage() + ")";
        }
    }
}
