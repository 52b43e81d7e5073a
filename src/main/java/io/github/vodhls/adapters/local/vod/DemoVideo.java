package io.github.vodhls.adapters.local.vod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the local stack's demo source: ffmpeg's {@code testsrc2} pattern with a 440 Hz {@code sine} tone, 640x360 at
 * 24 fps, H.264/AAC in MP4, so browsers can play what it is transcoded into.
 */
public final class DemoVideo {
    public static final int DEFAULT_SECONDS = 10;
    private static final long TIMEOUT_SECONDS = 120;

    private DemoVideo() {
    }

    /** A {@value #DEFAULT_SECONDS} s demo video at {@code out}. */
    public static void generate(Path ffmpeg, Path out) {
        generate(ffmpeg, out, DEFAULT_SECONDS);
    }

    /**
     * A demo video of {@code seconds} at {@code out} (overwritten).
     *
     * @throws IllegalStateException with ffmpeg's last message if it fails
     */
    public static void generate(Path ffmpeg, Path out, int seconds) {
        if (seconds < 1 || seconds > 600) {
            throw new IllegalArgumentException("seconds must be 1..600, was " + seconds);
        }
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y",
                "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds));
        command.addAll(Ffmpeg.h264Options(Ffmpeg.h264Encoder(ffmpeg)));
        command.addAll(List.of("-g", "48", "-c:a", "aac", "-b:a", "96k", "-shortest", "-movflags", "+faststart",
                "-f", "mp4", out.toString()));
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ffmpeg timed out making the demo video");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg could not make the demo video: " + Ffmpeg.lastLine(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the demo video " + out, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted making the demo video", e);
        }
    }
}
