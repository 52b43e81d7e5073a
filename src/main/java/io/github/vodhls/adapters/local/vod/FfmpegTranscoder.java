package io.github.vodhls.adapters.local.vod;

import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyManagement;
import io.github.vodhls.core.video.Transcoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local stand-in for VOD's encrypted transcoding: unwraps the data key with the {@link KeyManagement} (as VOD
 * does with KMS) and runs ffmpeg to write AES-128 HLS, {@code <originRoot>/<videoId>/index.m3u8} plus 2-second
 * MPEG-TS segments {@code seg_NNN.ts}, H.264/AAC, with {@code #EXT-X-KEY:METHOD=AES-128,URI="<decryptKeyUri>"}.
 *
 * <p>{@link #submitEncrypted} unwraps the key and returns a job id at once; ffmpeg runs on the given executor. The
 * 16 key bytes go to an owner-only file in a private temp directory, named with the URI in an ffmpeg
 * {@code -hls_key_info_file} (no IV line: ffmpeg then states the IV in the playlist), and both are deleted when
 * ffmpeg ends, whatever the outcome. Output is written into a temp directory under the origin root and moved into
 * place when complete, so the origin never serves a half-written video. The status store follows the job:
 * Transcoding with progress ({@code out_time_us} of {@code -progress} against the input's duration), then Normal, or
 * Failed with ffmpeg's last message. The key is never logged nor put in a status.
 */
public final class FfmpegTranscoder implements Transcoder {
    private static final Logger LOG = Logger.getLogger(FfmpegTranscoder.class.getName());
    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d{2}):(\\d{2})\\.(\\d+)");
    private static final int KEY_BYTES = 16;
    private static final int REASON_MAX = 300;
    public static final String PLAYLIST = "index.m3u8";
    public static final int SEGMENT_SECONDS = 2;

    private final KeyManagement kms;
    private final Path originRoot;
    private final Executor executor;
    private final LocalVideos videos;
    private final Function<String, Path> sourceOf;
    private final Path ffmpeg;
    private final Path keyDirParent;

    /** The demuxers an upload may be read with: media containers, never playlists or lists of other files. */
    static final String UPLOAD_FORMATS = "mov,mp4,matroska,webm,avi,flv,mpegts,mpeg,ogg";
    private final SecureRandom random = new SecureRandom();

    /**
     * @param kms        unwraps the data keys
     * @param originRoot where {@code <videoId>/index.m3u8} and its segments are written
     * @param executor   runs ffmpeg (one task per job)
     * @param videos     receives each job's status
     * @param sourceOf   the uploaded source file of a video id (null or a missing file fails the job)
     * @param ffmpeg     the ffmpeg executable (see {@link Ffmpeg#locate(String)})
     */
    public FfmpegTranscoder(KeyManagement kms, Path originRoot, Executor executor, LocalVideos videos,
            Function<String, Path> sourceOf, Path ffmpeg) {
        this(kms, originRoot, executor, videos, sourceOf, ffmpeg, null);
    }

    /**
     * As {@link #FfmpegTranscoder(KeyManagement, Path, Executor, LocalVideos, Function, Path)}, with the directory
     * under which each job's owner-only key directory is made (and removed when the job ends), or null for the
     * system's temporary directory.
     */
    public FfmpegTranscoder(KeyManagement kms, Path originRoot, Executor executor, LocalVideos videos,
            Function<String, Path> sourceOf, Path ffmpeg, Path keyDirParent) {
        this.keyDirParent = keyDirParent;
        this.kms = Objects.requireNonNull(kms, "kms");
        this.originRoot = Objects.requireNonNull(originRoot, "originRoot");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.videos = Objects.requireNonNull(videos, "videos");
        this.sourceOf = Objects.requireNonNull(sourceOf, "sourceOf");
        this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
    }

    /**
     * Unwraps the data key and starts the transcoding in the background.
     *
     * @return the job id, 32 lowercase hex characters
     * @throws InvalidRequestException if the video id is not a plain id or the URI spans lines
     * @throws io.github.vodhls.core.error.VodHlsException as the KMS throws it (unavailable, unknown ciphertext)
     */
    @Override
    public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
        if (videoId == null || !VIDEO_ID.matcher(videoId).matches()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "video id must be 1..64 of [A-Za-z0-9_-]");
        }
        if (decryptKeyUri == null || decryptKeyUri.isBlank() || decryptKeyUri.contains("\n")
                || decryptKeyUri.contains("\r") || decryptKeyUri.contains("\"")) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    "decrypt key URI must be one line without quotes");
        }
        byte[] key = kms.decrypt(ciphertext);
        if (key.length != KEY_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalStateException("the KMS returned a " + key.length + "-byte data key, expected 16");
        }
        String jobId = randomHex();
        videos.submitted(videoId, jobId);
        try {
            executor.execute(() -> run(videoId, jobId, key, decryptKeyUri));
        } catch (RuntimeException e) {
            Arrays.fill(key, (byte) 0);
            videos.failedToStart(videoId, "could not start transcoding: " + e.getClass().getSimpleName());
            throw e;
        }
        return jobId;
    }

    /** The job {@link #submitEncrypted} recorded for the video in the status store (it survives restarts). */
    @Override
    public Optional<String> findSubmitted(String videoId) {
        return videos.get(videoId).map(LocalVideos.Video::jobId);
    }

    private void run(String videoId, String jobId, byte[] key, String decryptKeyUri) {
        Path keyDir = null;
        Path work = null;
        try {
            Path source = sourceOf.apply(videoId);
            if (source == null || !Files.isRegularFile(source)) {
                Arrays.fill(key, (byte) 0);
                videos.failed(videoId, "source file not found");
                return;
            }
            java.nio.file.attribute.FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"));
            keyDir = keyDirParent == null ? Files.createTempDirectory("vodhls-key-", ownerOnly)
                    : Files.createTempDirectory(Files.createDirectories(keyDirParent), "vodhls-key-", ownerOnly);
            Path keyFile = keyDir.resolve("data.key");
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(keyFile, key, StandardOpenOption.TRUNCATE_EXISTING);
            Arrays.fill(key, (byte) 0);
            Path keyInfo = keyDir.resolve("key-info.txt");
            Files.writeString(keyInfo, decryptKeyUri + "\n" + keyFile.toAbsolutePath() + "\n", StandardCharsets.UTF_8);

            Files.createDirectories(originRoot);
            work = Files.createDirectory(originRoot.resolve("." + videoId + "-" + jobId + ".tmp"));
            String failure = transcode(videoId, source.toAbsolutePath(), keyInfo.toAbsolutePath(), work);
            // ffmpeg is done with the key: gone before the status says so (a watcher may check right after)
            deleteTree(keyDir);
            keyDir = null;
            if (failure != null) {
                videos.failed(videoId, failure);
                return;
            }
            publish(work, originRoot.resolve(videoId));
            work = null;
            videos.normal(videoId);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "transcoding job " + jobId + " of video " + videoId + " failed: " + e);
            videos.failed(videoId, "transcoding failed: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "transcoding job " + jobId + " of video " + videoId + " failed: " + e);
            videos.failed(videoId, "transcoding failed: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(key, (byte) 0);
            deleteTree(keyDir);
            deleteTree(work);
        }
    }

    /** Runs ffmpeg into {@code work}; null on success, else the failure reason. */
    private String transcode(String videoId, Path source, Path keyInfo, Path work) throws IOException {
        // An upload is someone else's file: read it only as a local file, and only as a media container. Without the
        // whitelists an uploaded .m3u8 (or concat list) naming file:///etc/passwd or http://internal/ was demuxed and
        // its targets transcoded and served.
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y",
                "-nostats", "-progress", "pipe:1", "-protocol_whitelist", "file",
                "-format_whitelist", UPLOAD_FORMATS, "-i", source.toString(),
                "-map", "0:v:0", "-map", "0:a:0?"));
        command.addAll(Ffmpeg.h264Options(Ffmpeg.h264Encoder(ffmpeg)));
        command.addAll(List.of(
                "-force_key_frames", "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                "-f", "hls", "-hls_time", Integer.toString(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                "-hls_key_info_file", keyInfo.toString(),
                "-hls_segment_filename", "seg_%03d.ts", PLAYLIST));
        Process process = new ProcessBuilder(command).directory(work.toFile()).start();
        process.getOutputStream().close();
        AtomicLong durationMicros = new AtomicLong(-1);
        AtomicReference<String> lastError = new AtomicReference<>("");
        Thread stderr = new Thread(() -> readStderr(process, durationMicros, lastError), "ffmpeg-stderr-" + videoId);
        stderr.setDaemon(true);
        stderr.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                    reportProgress(videoId, line.substring(line.indexOf('=') + 1), durationMicros.get());
                }
            }
        }
        int exit;
        try {
            exit = process.waitFor();
            stderr.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return "transcoding interrupted";
        }
        if (exit != 0) {
            return truncate("ffmpeg exit " + exit + ": " + lastError.get());
        }
        if (!Files.isRegularFile(work.resolve(PLAYLIST))) {
            return "ffmpeg wrote no playlist";
        }
        return null;
    }

    private void reportProgress(String videoId, String outTimeMicros, long durationMicros) {
        if (durationMicros <= 0) {
            return;
        }
        try {
            long done = Long.parseLong(outTimeMicros.trim());
            videos.transcoding(videoId, (int) Math.min(99, Math.max(0, done * 100 / durationMicros)));
        } catch (NumberFormatException e) {
            // "N/A" before the first frame
        }
    }

    private static void readStderr(Process process, AtomicLong durationMicros, AtomicReference<String> lastError) {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                lastError.set(trimmed);
                Matcher m = DURATION.matcher(trimmed);
                if (durationMicros.get() < 0 && m.find()) {
                    double fraction = Double.parseDouble("0." + m.group(4));
                    long seconds = Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60
                            + Long.parseLong(m.group(3));
                    durationMicros.set(seconds * 1_000_000L + Math.round(fraction * 1_000_000));
                }
            }
        } catch (IOException e) {
            lastError.compareAndSet("", "cannot read ffmpeg's messages");
        }
    }

    /** Moves the finished output into place, replacing an older output of the same video. */
    private static void publish(Path work, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + "-old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(work, target);
        }
        deleteTree(old);
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warning("cannot delete " + p + ": " + e);
                }
            });
        } catch (IOException e) {
            LOG.warning("cannot delete " + root + ": " + e);
        }
    }

    private String randomHex() {
        return RandomIds.hex32(random);
    }

    private static String truncate(String reason) {
        return reason.length() <= REASON_MAX ? reason : reason.substring(0, REASON_MAX) + "...";
    }

    @Override
    public String toString() {
        return "FfmpegTranscoder[origin=" + originRoot + ", ffmpeg=" + ffmpeg + "]";
    }
}
