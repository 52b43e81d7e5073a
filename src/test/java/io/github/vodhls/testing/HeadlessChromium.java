package io.github.vodhls.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;

/**
 * Debian's headless Chromium under Selenium, for tests that need a real browser. The browser and its driver are
 * named explicitly, so Selenium Manager never looks for (or downloads) either; the flags keep Chromium off the
 * network it cannot reach in CI (background services, component updates, sync, QUIC), and media may start without
 * a user gesture.
 */
public final class HeadlessChromium {
    public static final Path BINARY = Paths.get("/usr/bin/chromium");
    public static final Path DRIVER = Paths.get("/usr/bin/chromedriver");
    /**
     * Selenium warns at every start that it has no DevTools (CDP) bindings for Debian's newer Chromium; these tests
     * use WebDriver only. Held here so the level sticks (java.util.logging keeps loggers weakly).
     */
    private static final List<Logger> CDP_WARNINGS = List.of(
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private HeadlessChromium() {
    }

    /**
     * Starts Chromium with a fresh profile.
     *
     * @param profileDir the profile ({@code --user-data-dir}): whatever a previous run left there is deleted first
     * @param driverLog where chromedriver logs
     * @throws AssertionError naming the Debian packages to install when the browser or its driver is missing: a
     *     browser test must fail, never skip, on a machine without them
     */
    public static ChromeDriver start(Path profileDir, Path driverLog) throws IOException {
        for (Path required : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(required)) {
                throw new AssertionError(required + " is missing: the browser tests need Debian's Chromium and its "
                        + "driver; install them with `apt-get install chromium chromium-driver` (.ci/run does)");
            }
        }
        deleteTree(profileDir);
        Files.createDirectories(profileDir);
        Files.createDirectories(driverLog.toAbsolutePath().getParent());
        CDP_WARNINGS.forEach(logger -> logger.setLevel(Level.SEVERE));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(BINARY.toString()));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1100",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
