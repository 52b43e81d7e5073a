package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PATH fallback of {@link Ffmpeg}, with stand-in executables. */
class FfmpegTest {
    @TempDir
    Path dir;

    private Path script(String folder, int exit) throws Exception {
        Path bin = Files.createDirectories(dir.resolve(folder));
        Path ffmpeg = bin.resolve("ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\necho 'ffmpeg version stand-in'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwx------"));
        return ffmpeg;
    }

    @Test
    void onPath_skipsAnFfmpegThatDoesNotRunAndTakesTheNextOne() throws Exception {
        Path broken = script("broken", 1);
        Path working = script("working", 0);
        List<String> tried = new ArrayList<>();

        Optional<Path> found = Ffmpeg.onPath(broken.getParent() + File.pathSeparator + working.getParent(), tried);

        assertEquals(Optional.of(working), found);
        assertEquals(1, tried.size(), tried.toString());
        assertTrue(tried.get(0).startsWith(broken + " does not run (exit 1"), tried.get(0));
    }

    @Test
    void onPath_whenNothingRuns_saysSo() throws Exception {
        List<String> tried = new ArrayList<>();

        assertEquals(Optional.empty(), Ffmpeg.onPath(dir.toString(), tried));
        assertEquals(List.of("no runnable ffmpeg on PATH"), tried);
        assertEquals(Optional.empty(), Ffmpeg.onPath("", tried));
    }

    @Test
    void bytedeco_onLinuxX8664_extractsARunnableBinary() {
        List<String> tried = new ArrayList<>();

        Optional<Path> found = Ffmpeg.bytedeco(tried);

        assertTrue(found.isPresent(), "tried: " + tried);
        assertTrue(found.get().toString().contains(".javacpp"), found.get().toString());
    }
}
