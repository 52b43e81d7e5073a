package io.github.vodhls.adapters.local.vod;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status store of the local VOD emulation: for each video its status ({@link Status}), transcoding progress
 * (0..100), failure reason, title and submitted job, as VOD's {@code GetVideoInfo} and {@code ListTranscodeTask}
 * would report them.
 *
 * <p>Persisted as {@value #FILE_NAME} in the data directory (a temp file moved over the old one, so a crash leaves
 * either the old or the new content), and read back on construction so statuses survive restarts. Thread-safe: all
 * access is synchronized on the instance; progress updates that do not change the whole-percent value are not
 * written.
 */
public final class LocalVideos {
    public static final String FILE_NAME = "videos.json";

    /** The life cycle of an uploaded video. */
    public enum Status { Uploading, Transcoding, Normal, Failed }

    /** An immutable snapshot of one video's state. */
    public static final class Video {
        private final Status status;
        private final int progress;
        private final String reason;
        private final String title;
        private final String jobId;

        public Video(Status status, int progress, String reason, String title) {
            this(status, progress, reason, title, null);
        }

        /** @param jobId the id of the transcoding job submitted for the video, or null when none was */
        public Video(Status status, int progress, String reason, String title, String jobId) {
            this.status = Objects.requireNonNull(status, "status");
            this.progress = Math.max(0, Math.min(100, progress));
            this.reason = reason;
            this.title = title;
            this.jobId = jobId;
        }

        public Status status() {
            return status;
        }

        /** 0..100; 100 once Normal. */
        public int progress() {
            return progress;
        }

        /** Why the video failed, or null. */
        public String reason() {
            return reason;
        }

        public String title() {
            return title;
        }

        /** The transcoding job submitted for the video, or null when none was (VOD's ListTranscodeTask). */
        public String jobId() {
            return jobId;
        }

        @Override
        public String toString() {
            return "Video[" + status + ", " + progress + "%" + (reason == null ? "" : ", " + reason) + "]";
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path file;
    private final Map<String, Video> videos = new LinkedHashMap<>();

    /**
     * Opens the store in {@code dataDir}, creating the directory if needed and reading any saved statuses.
     *
     * @throws UncheckedIOException if the file exists but cannot be read
     * @throws IllegalStateException if the file is not a valid status file
     */
    public LocalVideos(Path dataDir) {
        this.file = Objects.requireNonNull(dataDir, "dataDir").resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                Map<String, Video> saved = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                        new TypeToken<LinkedHashMap<String, Video>>() { }.getType());
                if (saved != null) {
                    saved.forEach((id, video) -> {
                        if (video == null || video.status == null) {
                            throw new IllegalStateException(file + " has an entry without a status: " + id);
                        }
                        videos.put(id, video);
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException e) {
            throw new IllegalStateException(file + " is not a valid video status file", e);
        }
    }

    /** Registers a new upload (status Uploading, progress 0). */
    public synchronized void uploading(String videoId, String title) {
        set(videoId, new Video(Status.Uploading, 0, null, title));
    }

    /** Records that transcoding job {@code jobId} was submitted for the video: Transcoding at 0 %. */
    public synchronized void submitted(String videoId, String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        set(videoId, new Video(Status.Transcoding, 0, null, titleOf(videos.get(videoId)), jobId));
    }

    /** Marks the video as transcoding at {@code progress} percent (clamped to 0..99). */
    public synchronized void transcoding(String videoId, int progress) {
        int clamped = Math.max(0, Math.min(99, progress));
        Video old = videos.get(videoId);
        if (old != null && old.status == Status.Transcoding && old.progress == clamped) {
            return;
        }
        set(videoId, new Video(Status.Transcoding, clamped, null, titleOf(old), jobOf(old)));
    }

    /** Marks the video as playable. */
    public synchronized void normal(String videoId) {
        Video old = videos.get(videoId);
        set(videoId, new Video(Status.Normal, 100, null, titleOf(old), jobOf(old)));
    }

    /** Marks the video as failed, keeping the progress it had reached. */
    public synchronized void failed(String videoId, String reason) {
        Video old = videos.get(videoId);
        set(videoId, new Video(Status.Failed, old == null ? 0 : old.progress, reason, titleOf(old), jobOf(old)));
    }

    public synchronized Optional<Video> get(String videoId) {
        return Optional.ofNullable(videos.get(videoId));
    }

    /** A snapshot of all videos, in upload order. */
    public synchronized Map<String, Video> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(videos));
    }

    /** Marks the video as failed because its submitted job could not start: it has no job then. */
    public synchronized void failedToStart(String videoId, String reason) {
        set(videoId, new Video(Status.Failed, 0, reason, titleOf(videos.get(videoId))));
    }

    private static String titleOf(Video video) {
        return video == null ? null : video.title;
    }

    private static String jobOf(Video video) {
        return video == null ? null : video.jobId;
    }

    private void set(String videoId, Video video) {
        Objects.requireNonNull(videoId, "videoId");
        videos.put(videoId, video);
        save();
    }

    private void save() {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.writeString(tmp, GSON.toJson(videos), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "LocalVideos[" + file + "]";
    }
}
