package io.github.vodhls.adapters.local.vod;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.core.video.UploadStatus;
import io.github.vodhls.core.video.VideoCatalog;
import io.github.vodhls.core.video.VodCallbackSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The upload side of the local VOD emulation: stores a source under {@code <dataDir>/uploads/<videoId>/}, then
 * delivers a signed {@code FileUploadComplete} to the configured callback URL exactly as ApsaraVideo VOD does
 * ({@code X-VOD-TIMESTAMP}, {@code X-VOD-SIGNATURE} = MD5 of {@code url|timestamp|key}), with up to
 * {@value #ATTEMPTS} attempts on a non-200 answer or an I/O error. When every attempt fails the video is Failed
 * with the last answer as reason. Video ids are 32 lowercase hex characters, like VOD's.
 *
 * <p>As the {@link VideoCatalog} of the local stack it answers what VOD's {@code GetMezzanineInfo} does: a video it
 * registered (after its source was stored whole) is {@code COMPLETE}, any other id is {@code UNKNOWN_VIDEO}.
 */
public final class LocalVod implements VideoCatalog {
    public static final int ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(LocalVod.class.getName());
    private static final Pattern VIDEO_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Gson GSON = new Gson();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Path uploads;
    private final LocalVideos videos;
    private final String callbackUrl;
    private final String privateKey;
    private final HttpClient http;
    private final Executor executor;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration backoff;

    /**
     * @param dataDir     the local stack's data directory
     * @param videos      the status store
     * @param callbackUrl the callback URL, exactly as signed (VOD's configured callback URL)
     * @param privateKey  the callback private key
     * @param http        the client that delivers callbacks
     * @param executor    runs the deliveries
     * @param clock       the source of the timestamps
     * @param random      makes the video ids
     * @param backoff     the wait before the second attempt, doubled before the third
     */
    public LocalVod(Path dataDir, LocalVideos videos, String callbackUrl, String privateKey, HttpClient http,
            Executor executor, Clock clock, SecureRandom random, Duration backoff) {
        this.uploads = Objects.requireNonNull(dataDir, "dataDir").resolve("uploads");
        this.videos = Objects.requireNonNull(videos, "videos");
        this.callbackUrl = Objects.requireNonNull(callbackUrl, "callbackUrl");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.http = Objects.requireNonNull(http, "http");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Stores the source, marks the video Uploading and schedules the callback.
     *
     * @param source   the file's bytes (read to the end, not closed)
     * @param fileName the original file name: the title and, sanitized, the stored name
     * @return the new video id
     */
    public String upload(InputStream source, String fileName) {
        Objects.requireNonNull(source, "source");
        String title = fileName == null || fileName.isBlank() ? "video" : fileName.strip();
        String videoId = newVideoId();
        Path dir = uploads.resolve(videoId);
        Path file = dir.resolve(storedName(title));
        long size;
        try {
            Files.createDirectories(dir);
            size = Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload of " + videoId, e);
        }
        videos.uploading(videoId, title);
        String body = eventBody(videoId, size, file);
        executor.execute(() -> deliver(videoId, body));
        return videoId;
    }

    /** The stored source of a video, or null if there is none. */
    public Path sourceOf(String videoId) {
        if (videoId == null || !VIDEO_ID.matcher(videoId).matches()) {
            return null;
        }
        Path dir = uploads.resolve(videoId);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public UploadStatus uploadStatus(String videoId) {
        if (videoId == null || !VIDEO_ID.matcher(videoId).matches() || videos.get(videoId).isEmpty()) {
            return UploadStatus.of(UploadStatus.State.UNKNOWN_VIDEO, "no such local upload");
        }
        return sourceOf(videoId) == null ? UploadStatus.of(UploadStatus.State.FAILED, "local upload has no source")
                : UploadStatus.of(UploadStatus.State.COMPLETE, "local upload stored");
    }

    private String eventBody(String videoId, long size, Path file) {
        JsonObject event = new JsonObject();
        event.addProperty("EventTime",
                DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        event.addProperty("EventType", "FileUploadComplete");
        event.addProperty("VideoId", videoId);
        event.addProperty("Status", "success");
        event.addProperty("Size", size);
        event.addProperty("FileUrl", file.toAbsolutePath().toUri().toString());
        event.addProperty("Extend", "{\"source\":\"local-vod\"}");
        return GSON.toJson(event);
    }

    private void deliver(String videoId, String body) {
        String lastProblem = "not attempted";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1 && !sleep(backoff.multipliedBy(1L << (attempt - 2)))) {
                lastProblem = "interrupted";
                break;
            }
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(VodCallbackSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(VodCallbackSignature.SIGNATURE_HEADER,
                            VodCallbackSignature.sign(callbackUrl, timestamp, privateKey))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastProblem = "interrupted";
                break;
            }
            LOG.info("upload callback of " + videoId + ", attempt " + attempt + " of " + ATTEMPTS + ": "
                    + lastProblem);
        }
        videos.failed(videoId, "upload callback failed after " + ATTEMPTS + " attempts: " + lastProblem);
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String newVideoId() {
        return RandomIds.hex32(random);
    }

    private static String storedName(String title) {
        String base = title.substring(Math.max(title.lastIndexOf('/'), title.lastIndexOf('\\')) + 1);
        String name = SAFE_NAME.matcher(base).replaceAll("_");
        if (name.isEmpty() || name.startsWith(".")) {
            name = "source" + name;
        }
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    @Override
    public String toString() {
        return "LocalVod[uploads=" + uploads + ", callback=" + callbackUrl + "]";
    }
}
