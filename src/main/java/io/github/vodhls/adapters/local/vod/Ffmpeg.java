package io.github.vodhls.adapters.local.vod;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds an ffmpeg executable for the local VOD emulation and the H.264 encoder it has.
 *
 * <p>Resolution order: the binary shipped by {@code org.bytedeco:ffmpeg} (linux-x86_64 only; {@code
 * Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)} extracts it with its libraries into {@code ~/.javacpp/cache} and
 * returns its path), then {@code ffmpeg} on {@code PATH}. A candidate is used only if {@code ffmpeg -version} runs
 * and exits 0. The bytedeco build links {@code libavdevice} against the system's {@code libpulse.so.0} (Debian
 * package {@code libpulse0}); without it the bytedeco binary cannot be loaded and the PATH one is used.
 *
 * <p>The bytedeco (LGPL) build has no libx264 but has libopenh264; {@link #h264Encoder(Path)} picks libx264 when
 * present (a distribution's ffmpeg), else libopenh264.
 */
public final class Ffmpeg {
    private static final long PROBE_SECONDS = 20;

    private Ffmpeg() {
    }

    /**
     * The ffmpeg to use.
     *
     * @param path the {@code PATH} to search after the bytedeco binary (the caller reads the environment)
     * @throws IllegalStateException naming what was tried, if neither the bytedeco binary nor one on PATH runs
     */
    public static Path locate(String path) {
        List<String> tried = new ArrayList<>();
        Optional<Path> bundled = bytedeco(tried);
        if (bundled.isPresent()) {
            return bundled.get();
        }
        Optional<Path> onPath = onPath(path, tried);
        return onPath.orElseThrow(() -> new IllegalStateException("no runnable ffmpeg: " + String.join("; ", tried)));
    }

    /** The bytedeco binary, if its class is on the class path and it runs here. */
    static Optional<Path> bytedeco(List<String> tried) {
        String loaded;
        try {
            Class<?> ffmpeg = Class.forName("org.bytedeco.ffmpeg.ffmpeg");
            loaded = org.bytedeco.javacpp.Loader.load(ffmpeg);
        } catch (ClassNotFoundException | LinkageError e) {
            tried.add("org.bytedeco:ffmpeg could not be loaded (" + firstLine(e.toString()) + ")");
            return Optional.empty();
        } catch (RuntimeException e) {
            tried.add("org.bytedeco:ffmpeg could not be extracted (" + firstLine(e.toString()) + ")");
            return Optional.empty();
        }
        if (loaded == null) {
            tried.add("org.bytedeco:ffmpeg has no binary for this platform");
            return Optional.empty();
        }
        return runnable(Paths.get(loaded), tried);
    }

    /** {@code ffmpeg} in the directories of {@code path}, if one runs. */
    static Optional<Path> onPath(String path, List<String> tried) {
        if (path == null || path.isEmpty()) {
            tried.add("PATH is empty");
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, "ffmpeg");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Optional<Path> ok = runnable(candidate, tried);
                if (ok.isPresent()) {
                    return ok;
                }
            }
        }
        tried.add("no runnable ffmpeg on PATH");
        return Optional.empty();
    }

    /**
     * The H.264 encoder {@code ffmpeg} offers: {@code libx264} if present, else {@code libopenh264}.
     *
     * @throws IllegalStateException if it has neither
     */
    public static String h264Encoder(Path ffmpeg) {
        String encoders = run(ffmpeg, "-hide_banner", "-encoders");
        if (encoders.contains(" libx264 ")) {
            return "libx264";
        }
        if (encoders.contains(" libopenh264 ")) {
            return "libopenh264";
        }
        throw new IllegalStateException(ffmpeg + " has neither libx264 nor libopenh264");
    }

    /** The encoder-specific options for a browser-friendly H.264 stream. */
    static List<String> h264Options(String encoder) {
        return "libx264".equals(encoder)
                ? List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")
                : List.of("-c:v", encoder, "-b:v", "1200k", "-pix_fmt", "yuv420p");
    }

    private static Optional<Path> runnable(Path candidate, List<String> tried) {
        try {
            run(candidate, "-hide_banner", "-version");
            return Optional.of(candidate);
        } catch (IllegalStateException | UncheckedIOException e) {
            tried.add(candidate + " does not run (" + firstLine(e.getMessage()) + ")");
            return Optional.empty();
        }
    }

    private static String run(Path ffmpeg, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ffmpeg.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + ": " + lastLine(out));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().split("\\R", 2)[0];
    }
}
