package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.adapters.local.vod.DemoVideo;
import io.github.vodhls.adapters.local.vod.Ffmpeg;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.testing.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in headless Chromium against the real local stack: a video uploaded through the page's form is
 * transcoded, then played by the page with the real hls.js, the real playlist function (token on the key URI) and
 * the real decrypt function, to its end; and the page shows why when a function refuses.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DemoPlayerBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> SETTLED = Set.of("ended", "refused", "error");
    private static final Path TARGET = Paths.get("target");

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalStack stack;
    private static ChromeDriver browser;
    private static String videoId;

    @BeforeAll
    static void startStackAndBrowser_andUploadTheDemoThroughThePage() throws IOException {
        browser = HeadlessChromium.start(TARGET.resolve("chromium/profile"), TARGET.resolve("chromium/chromedriver.log"));
        stack = LocalStack.start(0, dataDir, null, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertNull(stack.ffmpegProblem(), "ffmpeg must run here (CI installs libpulse0 for the bundled one)");

        Path source = dataDir.resolve("clip.mp4");
        DemoVideo.generate(Ffmpeg.locate(System.getenv("PATH")), source, 4);
        browser.get(stack.baseUrl() + "/");
        browser.findElement(By.id("file")).sendKeys(source.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#upload button")).click();
        String uploaded = waitFor("the upload's answer",
                () -> browser.findElement(By.id("upload-result")).getText().startsWith("Uploaded as ")
                        ? browser.findElement(By.id("upload-result")).getText() : null);
        videoId = uploaded.substring("Uploaded as ".length(), "Uploaded as ".length() + 32);
        waitFor("the video to be Normal on the page (it is " + stack.videos().get(videoId) + ")",
                () -> browser.findElements(By.cssSelector(row() + "[data-status=Normal]")).isEmpty() ? null : true);
        assertEquals(LocalVideos.Status.Normal, stack.videos().get(videoId).orElseThrow().status());
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

    @BeforeEach
    void openThePage() {
        browser.get(stack.baseUrl() + "/");
        waitFor("the video list", () -> browser.findElements(By.cssSelector(row())).isEmpty() ? null : true);
    }

    @Test
    void demoVideo_playsToItsEnd_throughThePlaylistAndDecryptFunctions() throws IOException {
        play("alice");
        assertEquals("ended", settledState(), report());
        Map<?, ?> media = (Map<?, ?>) browser.executeScript("const v = document.getElementById('video');"
                + " const q = v.getVideoPlaybackQuality();"
                + " return {currentTime: v.currentTime, duration: v.duration, frames: q.totalVideoFrames,"
                + " decoded: v.webkitDecodedFrameCount};");
        double duration = ((Number) media.get("duration")).doubleValue();
        double currentTime = ((Number) media.get("currentTime")).doubleValue();
        assertTrue(duration > 3.5 && duration < 4.5, "a 4 s video: " + media);
        assertTrue(currentTime >= duration - 0.3, "played to the end: " + media);
        assertTrue(((Number) media.get("frames")).longValue() > 0, "frames were decoded: " + media);
        assertTrue(((Number) media.get("decoded")).longValue() > 0, "frames were decoded: " + media);
        String log = browser.findElement(By.id("log")).getText();
        assertTrue(log.contains("key loaded"), log);
        assertTrue(log.contains("play URL from playInfo (OD)"), "the page plays what the local GetPlayInfo lists: "
                + log);
        // A recovered buffer stall on a busy 2-core runner is the player coping, not a failure; anything about the
        // playlist, key or segments, and any fatal error, is.
        for (String line : log.split("\n")) {
            if (line.contains("error")) {
                assertTrue(line.contains("hls.js error, recovering: mediaError buffer"),
                        "no player error but a recovered buffer stall:\n" + log);
            }
        }
        assertEquals("", browser.findElement(By.id("player")).getAttribute("data-error-code"));

        Path screenshot = screenshot("demo-player.png");
        assertTrue(Files.size(screenshot) > 10_000, screenshot + " is " + Files.size(screenshot) + " bytes");
    }

    @Test
    void viewerWithoutTheEntitlement_isRefused_andThePageSaysWhy() throws IOException {
        stack.entitlements().set("mallory", videoId, false);
        play("mallory");
        assertRefused("ENTITLEMENT_DENIED", "— token (HTTP 403): user mallory may not watch video " + videoId);
        screenshot("demo-player-refused.png");
    }

    @Test
    void videoThatIsNotPlayable_isRefusedBeforeAnyToken() throws Exception {
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(
                URI.create(stack.baseUrl() + "/upload?name=x.mp4")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("not a video")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, upload.statusCode(), upload.body());
        String broken = JsonParser.parseString(upload.body()).getAsJsonObject().get("videoId").getAsString();
        String brokenRow = "#videos tr[data-video-id='" + broken + "']";
        waitFor("the broken upload to be listed as Failed",
                () -> browser.findElements(By.cssSelector(brokenRow + "[data-status=Failed]")).isEmpty() ? null : true);
        browser.findElement(By.cssSelector(brokenRow + " button.play")).click();
        assertRefused("VIDEO_NOT_PLAYABLE", "— the video is Failed: ffmpeg exit");
    }

    @Test
    void tokenWhoseUsesAreSpent_isRefusedAtTheKey_withTheDecryptFunctionsCode() throws Exception {
        JsonObject token = apiPost("/token", "{\"videoId\":\"" + videoId + "\",\"userId\":\"bob\",\"maxUses\":1}");
        String keyUri = apiPost("/keys", "{\"videoId\":\"" + videoId + "\"}").get("decryptKeyUri").getAsString();
        HttpResponse<byte[]> spend = http.send(HttpRequest.newBuilder(URI.create(keyUri + "&MtsHlsUriToken="
                + token.get("token").getAsString())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, spend.statusCode(), "the token's one key fetch");

        playUrl(token.get("playUrl").getAsString());
        assertRefused("TOKEN_USES_EXHAUSTED", "— key (HTTP 403, hls.js keyLoadError): ");
    }

    @Test
    void tokenForAnotherVideo_isRefusedAtThePlaylist_withThePlaylistFunctionsCode() throws Exception {
        String otherToken = apiPost("/token", "{\"videoId\":\"another-video\",\"userId\":\"bob\"}").get("token")
                .getAsString();
        playUrl(stack.baseUrl() + "/media/" + videoId + "/index.m3u8?MtsHlsUriToken=" + otherToken);
        assertRefused("TOKEN_NOT_FOR_VIDEO", "— playlist (HTTP 403, hls.js manifestLoadError): ");
    }

    private JsonObject apiPost(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + stack.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private void playUrl(String url) {
        WebElement field = browser.findElement(By.id("url"));
        field.clear();
        field.sendKeys(url);
        browser.findElement(By.cssSelector("#play-url button")).click();
    }

    private void play(String userId) {
        WebElement user = browser.findElement(By.id("user"));
        user.clear();
        user.sendKeys(userId);
        browser.findElement(By.cssSelector(row() + " button.play")).click();
    }

    /** The page settles on a refusal and shows the function's code and why, as it appears in the page. */
    private static void assertRefused(String code, String because) {
        assertEquals("refused", settledState(), report());
        assertEquals(code, browser.findElement(By.id("player")).getAttribute("data-error-code"), report());
        WebElement failure = browser.findElement(By.id("failure"));
        assertTrue(failure.isDisplayed(), report());
        assertTrue(failure.getText().startsWith("Refused: " + code + " " + because), failure.getText());
    }

    /** Waits (bounded) until the player has ended, been refused or failed; answers the state. */
    private static String settledState() {
        return waitFor("the player to end, be refused or fail", () -> {
            String state = browser.findElement(By.id("player")).getAttribute("data-state");
            return SETTLED.contains(state) ? state : null;
        });
    }

    private static String row() {
        return "#videos tr[data-video-id='" + videoId + "']";
    }

    private static Path screenshot(String name) throws IOException {
        Path file = Files.createDirectories(TARGET.resolve("screenshots")).resolve(name);
        Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(file) > 0, file + " is empty");
        return file;
    }

    private static <T> T waitFor(String what, java.util.function.Supplier<T> condition) {
        try {
            return new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).until(driver -> condition.get());
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "\n" + report(), e);
        }
    }

    /** What the page shows and what the browser logged, for failure messages. */
    private static String report() {
        StringBuilder out = new StringBuilder();
        try {
            out.append("state=").append(browser.findElement(By.id("player")).getAttribute("data-state"))
                    .append(" code=").append(browser.findElement(By.id("player")).getAttribute("data-error-code"))
                    .append(" message=").append(browser.findElement(By.id("message")).getText())
                    .append("\npage log:\n").append(browser.findElement(By.id("log")).getText());
        } catch (RuntimeException e) {
            out.append("(page not readable: ").append(e.getMessage()).append(')');
        }
        try {
            out.append("\nbrowser console:\n").append(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(String::valueOf).collect(Collectors.joining("\n")));
        } catch (RuntimeException e) {
            out.append("\n(no browser console: ").append(e.getClass().getSimpleName()).append(')');
        }
        return out.toString();
    }
}
