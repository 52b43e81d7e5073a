package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoVideoTest {
    @TempDir
    Path dir;

    @Test
    void generate_makesAnMp4() throws Exception {
        Path out = dir.resolve("sub/demo.mp4");

        DemoVideo.generate(Ffmpeg.locate(System.getenv("PATH")), out, 2);

        byte[] bytes = Files.readAllBytes(out);
        assertTrue(bytes.length > 10_000, bytes.length + " bytes");
        assertEquals("ftyp", new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("avc1"), "no H.264 track");
        assertTrue(text.contains("mp4a"), "no AAC track");
    }

    @Test
    void generate_whenDurationIsOutOfRange_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> DemoVideo.generate(Path.of("ffmpeg"), dir.resolve("x"), 0));
    }

    @Test
    void locate_findsARunnableFfmpegWithAnH264Encoder() {
        Path ffmpeg = Ffmpeg.locate(System.getenv("PATH"));

        assertTrue(Files.isExecutable(ffmpeg), ffmpeg.toString());
        assertTrue(Ffmpeg.h264Encoder(ffmpeg).matches("libx264|libopenh264"));
    }
}
