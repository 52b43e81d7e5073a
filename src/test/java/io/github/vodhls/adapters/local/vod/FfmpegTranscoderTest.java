package io.github.vodhls.adapters.local.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.keys.DataKey;
import io.github.vodhls.testing.FakeKms;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ffmpeg (see {@link Ffmpeg#locate(String)}) on a short generated demo source; real AES-128 HLS checked byte-wise. */
class FfmpegTranscoderTest {
    private static final Pattern IV = Pattern.compile("IV=0[xX]([0-9A-Fa-f]{32})");
    private static final Pattern MEDIA_SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    private static final int TS_PACKET = 188;

    @TempDir
    static Path shared;
    static Path ffmpeg;
    static Path demo;

    @TempDir
    Path dataDir;
    Path origin;
    LocalVideos videos;
    FakeKms kms;
    ExecutorService executor;
    Map<String, Path> sources;
    FfmpegTranscoder transcoder;

    @BeforeAll
    static void makeSource() {
        ffmpeg = Ffmpeg.locate(System.getenv("PATH"));
        demo = shared.resolve("demo.mp4");
        DemoVideo.generate(ffmpeg, demo, 5);
    }

    @BeforeEach
    void setUp() {
        origin = dataDir.resolve("origin");
        videos = new LocalVideos(dataDir);
        kms = new FakeKms();
        executor = Executors.newSingleThreadExecutor();
        sources = new HashMap<>();
        // key directories under this test's own directory: other processes' transcodes cannot blur the check
        transcoder = new FfmpegTranscoder(kms, origin, executor, videos, sources::get, ffmpeg, keyParent());
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void submit_whenSourceIsValid_writesAes128HlsThatDecryptsToMpegTs() throws Exception {
        DataKey dataKey = kms.generateDataKey();
        String uri = "http://127.0.0.1:9/decrypt?Ciphertext="
                + URLEncoder.encode(dataKey.ciphertext(), StandardCharsets.UTF_8);
        sources.put("v1", demo);
        Set<String> keyDirsBefore = keyDirs();

        String jobId = transcoder.submitEncrypted("v1", dataKey.ciphertext(), uri);

        assertTrue(jobId.matches("[0-9a-f]{32}"), jobId);
        assertEquals(LocalVideos.Status.Transcoding, videos.get("v1").orElseThrow().status());
        LocalVideos.Video done = awaitEnd("v1");
        assertEquals(LocalVideos.Status.Normal, done.status(), String.valueOf(done));
        assertEquals(100, done.progress());
        assertEquals(1, kms.decryptCalls());

        Path dir = origin.resolve("v1");
        String playlist = Files.readString(dir.resolve("index.m3u8"));
        assertTrue(playlist.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"" + uri + "\""), playlist);
        assertTrue(playlist.contains("#EXT-X-ENDLIST"), playlist);
        List<String> segments = playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toList());
        assertTrue(segments.size() >= 2, "segments: " + segments);
        Matcher iv = IV.matcher(playlist);
        Matcher sequence = MEDIA_SEQUENCE.matcher(playlist);
        long firstSequence = sequence.find() ? Long.parseLong(sequence.group(1)) : 0;
        byte[] key = dataKey.plaintext();
        for (int i = 0; i < segments.size(); i++) {
            assertTrue(segments.get(i).matches("seg_\\d{3}\\.ts"), segments.get(i));
            byte[] encrypted = Files.readAllBytes(dir.resolve(segments.get(i)));
            byte[] segmentIv = iv.reset().find() ? new BigIntegerIv(iv.group(1)).bytes() : sequenceIv(firstSequence + i);
            assertMpegTs(decrypt(encrypted, key, segmentIv), segments.get(i));
            assertFalse(looksLikeMpegTs(encrypted), segments.get(i) + " is readable without the key");
        }
        try (Stream<Path> left = Files.list(origin)) {
            assertEquals(List.of(dir), left.collect(Collectors.toList()), "temp output left in the origin");
        }
        assertEquals(keyDirsBefore, keyDirs(), "a key directory was left behind");
    }

    @Test
    void submit_ofAPlaylistNamingLocalFiles_failsWithoutReadingThem() throws Exception {
        Path secret = dataDir.resolve("secret.mp4");
        Files.copy(demo, secret);
        Path playlist = dataDir.resolve("evil.m3u8");
        Files.writeString(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nfile://" + secret.toAbsolutePath()
                + "\n#EXT-X-ENDLIST\n");
        sources.put("evil", playlist);
        DataKey dataKey = kms.generateDataKey();

        transcoder.submitEncrypted("evil", dataKey.ciphertext(), "http://127.0.0.1:9/decrypt?Ciphertext=x");

        LocalVideos.Video done = awaitEnd("evil");
        assertEquals(LocalVideos.Status.Failed, done.status(), "an uploaded playlist is not demuxed");
        assertFalse(Files.exists(origin.resolve("evil")), "nothing served");
    }

    @Test
    void submit_whenSourceIsNotAVideo_failsWithFfmpegsReason() throws Exception {
        Path bad = dataDir.resolve("bad.mp4");
        Files.writeString(bad, "this is not a video");
        sources.put("bad", bad);
        DataKey dataKey = kms.generateDataKey();
        Set<String> keyDirsBefore = keyDirs();

        transcoder.submitEncrypted("bad", dataKey.ciphertext(), "http://127.0.0.1:9/decrypt?Ciphertext=x");

        LocalVideos.Video done = awaitEnd("bad");
        assertEquals(LocalVideos.Status.Failed, done.status());
        assertNotNull(done.reason());
        assertTrue(done.reason().startsWith("ffmpeg exit "), done.reason());
        assertFalse(done.reason().toLowerCase().contains(String.format("%032x", new BigInteger(1, dataKey.plaintext()))));
        assertFalse(Files.exists(origin.resolve("bad")));
        assertEquals(keyDirsBefore, keyDirs(), "a key directory was left behind");
    }

    @Test
    void submit_whenSourceIsMissing_fails() {
        DataKey dataKey = kms.generateDataKey();

        transcoder.submitEncrypted("nosource", dataKey.ciphertext(), "http://127.0.0.1:9/decrypt?Ciphertext=x");

        LocalVideos.Video done = awaitEnd("nosource");
        assertEquals(LocalVideos.Status.Failed, done.status());
        assertEquals("source file not found", done.reason());
    }

    @Test
    void submit_whenCiphertextIsForeign_isRefusedAtOnceWithoutAStatus() {
        sources.put("v2", demo);
        String foreign = new FakeKms().generateDataKey().ciphertext();

        assertThrows(AccessDeniedException.class,
                () -> transcoder.submitEncrypted("v2", foreign, "http://127.0.0.1:9/decrypt?Ciphertext=x"));
        assertTrue(videos.get("v2").isEmpty());
    }

    @Test
    void submit_whenVideoIdOrUriIsUnsafe_isRefused() {
        String ciphertext = kms.generateDataKey().ciphertext();
        assertThrows(RuntimeException.class, () -> transcoder.submitEncrypted("../x", ciphertext, "http://h/k"));
        assertThrows(RuntimeException.class, () -> transcoder.submitEncrypted("v3", ciphertext, "http://h/k\n/etc/x"));
        assertEquals(0, kms.decryptCalls());
    }

    private LocalVideos.Video awaitEnd(String videoId) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            LocalVideos.Video video = videos.get(videoId).orElseThrow();
            if (video.status() == LocalVideos.Status.Normal || video.status() == LocalVideos.Status.Failed) {
                return video;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("transcoding of " + videoId + " did not end: " + videos.get(videoId));
    }

    private static byte[] sequenceIv(long sequence) {
        byte[] raw = BigInteger.valueOf(sequence).toByteArray();
        byte[] iv = new byte[16];
        System.arraycopy(raw, Math.max(0, raw.length - 16), iv, Math.max(0, 16 - raw.length), Math.min(16, raw.length));
        return iv;
    }

    private static byte[] decrypt(byte[] segment, byte[] key, byte[] iv) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(segment);
    }

    private static void assertMpegTs(byte[] bytes, String name) {
        assertTrue(bytes.length >= TS_PACKET && bytes.length % TS_PACKET == 0,
                name + ": " + bytes.length + " bytes is not a whole number of TS packets");
        assertTrue(looksLikeMpegTs(bytes), name + " does not decrypt to MPEG-TS");
        // ffmpeg's muxer opens each segment with its tables: SDT (PID 0x11) or PAT (PID 0), payload unit start set
        int pid = ((bytes[1] & 0x1F) << 8) | (bytes[2] & 0xFF);
        assertTrue((bytes[1] & 0x40) != 0 && (pid == 0x11 || pid == 0), name + ": first packet is PID " + pid);
    }

    private static boolean looksLikeMpegTs(byte[] bytes) {
        if (bytes.length < TS_PACKET) {
            return false;
        }
        for (int i = 0; i < bytes.length; i += TS_PACKET) {
            if (bytes[i] != 0x47) {
                return false;
            }
        }
        return true;
    }

    private Path keyParent() {
        return dataDir.resolve("key-dirs");
    }

    private Set<String> keyDirs() throws IOException {
        Files.createDirectories(keyParent());
        try (Stream<Path> tmp = Files.list(keyParent())) {
            return tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("vodhls-key-"))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }


    /** A 16-byte IV from 32 hex digits. */
    private static final class BigIntegerIv {
        private final String hex;

        BigIntegerIv(String hex) {
            this.hex = hex;
        }

        byte[] bytes() {
            byte[] out = new byte[16];
            for (int i = 0; i < 16; i++) {
                out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return out;
        }
    }
}
