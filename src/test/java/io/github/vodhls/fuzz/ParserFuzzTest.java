package io.github.vodhls.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.JsonBody;
import io.github.vodhls.core.keys.Ciphertexts;
import io.github.vodhls.core.playlist.MediaPath;
import io.github.vodhls.core.playlist.PlaylistRewriter;
import io.github.vodhls.core.playlist.TokenTargets;
import io.github.vodhls.core.token.SigningKeys;
import io.github.vodhls.core.token.TokenClaims;
import io.github.vodhls.core.token.TokenCodec;
import io.github.vodhls.core.video.VodEvents;
import io.github.vodhls.functions.FcHttpEvents;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every parser that reads outside input: token decoding, Ciphertext normalisation, the FC
 * event JSON, VOD's callback and MNS events, request bodies, media paths and the M3U8 rewrite. Each input is a seed
 * from the project's own golden files, mutated a few times (characters flipped, inserted, deleted, ranges duplicated,
 * other seeds spliced in, JSON and HLS syntax characters, very long runs). A parser may refuse an input only with a
 * {@link VodHlsException} (a code and a status); anything else, a bug, fails the test with the seed and the input's
 * index, so the failure replays exactly.
 *
 * <p>The normal suite runs {@value #DEFAULT_ITERATIONS} inputs per parser; the long run is
 * {@code mvn -B -Pfuzz test} (1,000,000 per parser; docs/benchmarks.md records it).
 */
class ParserFuzzTest {
    static final int DEFAULT_ITERATIONS = 3_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final long ITERATIONS = Long.getLong("fuzz.iterations", DEFAULT_ITERATIONS);
    private static final String[] SYNTAX = {"\"", "'", "{", "}", "[", "]", ",", ":", "=", ".", "..", "/", "\\", "%",
        "%2e%2e", "%00", "\u0000", "\n", "\r\n", "#", "?", "&", "+", " ", "\uFEFF", "\uD83D", "é", "null", "true", "-1",
        "1e999", "#EXT-X-KEY:", "URI=", "#EXT-X-STREAM-INF:", "eyJ", "==", "\u2028"};

    private static List<String> seeds(String... extra) throws IOException {
        List<String> seeds = new ArrayList<>(List.of(extra));
        for (String dir : List.of("events", "src/test/resources/playlists")) {
            try (Stream<Path> files = Files.walk(Paths.get(dir))) {
                for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".json") || name.endsWith(".m3u8")) {
                        seeds.add(Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return seeds;
    }

    /** A seed mutated one to eight times; deterministic for (random state). */
    static String mutate(SplittableRandom random, List<String> seeds) {
        StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations; m++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(7)) {
                case 0:
                    s.insert(at, SYNTAX[random.nextInt(SYNTAX.length)]);
                    break;
                case 1:
                    if (s.length() > 0) {
                        s.delete(Math.min(at, s.length() - 1), Math.min(s.length(), at + 1 + random.nextInt(16)));
                    }
                    break;
                case 2:
                    if (at < s.length()) {
                        s.setCharAt(at, (char) random.nextInt(0x80 + (random.nextInt(4) == 0 ? 0xFF80 : 0)));
                    }
                    break;
                case 3:
                    int end = Math.min(s.length(), at + random.nextInt(64));
                    String range = s.substring(at, end);
                    s.insert(at, range.repeat(1 + random.nextInt(4)));
                    break;
                case 4:
                    String other = seeds.get(random.nextInt(seeds.size()));
                    int from = other.isEmpty() ? 0 : random.nextInt(other.length());
                    s.insert(at, other, from, Math.min(other.length(), from + random.nextInt(200)));
                    break;
                case 5:
                    s.insert(at, String.valueOf(SYNTAX[random.nextInt(SYNTAX.length)]).repeat(random.nextInt(300)));
                    break;
                default:
                    s.setLength(Math.min(s.length(), at));
                    break;
            }
        }
        return s.toString();
    }

    private static void fuzz(String parser, List<String> seeds, Consumer<String> parse) {
        SplittableRandom random = new SplittableRandom(SEED ^ parser.hashCode());
        for (long i = 0; i < ITERATIONS; i++) {
            String input = mutate(random, seeds);
            long started = System.nanoTime();
            try {
                parse.accept(input);
            } catch (VodHlsException refusedWithACode) {
                // the contract: a refusal is a code and a status
            } catch (RuntimeException | StackOverflowError bug) {
                fail(parser + ": input " + i + " (seed " + SEED + ") threw " + bug.getClass().getName() + " at "
                        + (bug.getStackTrace().length > 0 ? bug.getStackTrace()[0] : "?") + "; input: "
                        + input.substring(0, Math.min(400, input.length())));
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (ms > SLOW_MS) {
                fail(parser + ": input " + i + " (seed " + SEED + ") took " + ms + " ms for " + input.length()
                        + " characters (a parser must stay linear); input: "
                        + input.substring(0, Math.min(400, input.length())));
            }
        }
    }

    /** Far above any input's honest cost (microseconds), far below what a stuck parser takes. */
    private static final long SLOW_MS = 2_000;

    @Test
    void tokenDecoding() throws IOException {
        MutableClock clock = MutableClock.atDefaultStart();
        TokenCodec codec = new TokenCodec(SigningKeys.parse(SigningKeys.Algorithm.HS256, "TOKEN_SIGNING_KEYS",
                List.of(TestKeys.hs256Entry("k1")), "TOKEN_VERIFICATION_KEYS", List.of()), "vod-hls-encryption",
                Duration.ofSeconds(30), 4096, clock);
        String token = codec.sign(new TokenClaims("t1", "u1", "video-1", null, clock.instant(),
                clock.instant().plusSeconds(600), 20));
        fuzz("token", List.of(token, token.replace('.', '_'), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0."),
                codec::verify);
    }

    @Test
    void ciphertextNormalisation() {
        fuzz("ciphertext", List.of("NmE+ZjQx/2Y3YTk4+ZDUN2Yz++8=", "NmE%2BZjQx%2F2Y3YTk4", "a b c="),
                Ciphertexts::normalize);
    }

    @Test
    void fcEventJson() throws IOException {
        fuzz("fc-event", seeds(), input -> FcHttpEvents.read(input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void vodAndMnsEvents() throws IOException {
        List<String> seeds = seeds();
        fuzz("vod-events", seeds, input -> VodEvents.parse(input.getBytes(StandardCharsets.UTF_8)));
        fuzz("vod-callback", seeds, VodEvents::parseCallback);
    }

    @Test
    void requestBodies() throws IOException {
        fuzz("json-body", seeds("{\"videoId\":\"v\",\"userId\":\"u\",\"maxUses\":3}"), input -> JsonBody.parse(
                new HttpRequest("POST", "/token", Map.of(), Map.of(), input.getBytes(StandardCharsets.UTF_8), null)));
    }

    @Test
    void mediaPaths() {
        fuzz("media-path", List.of("/media/1f2e3d4c/index.m3u8", "/media/v/sd/../x.m3u8", "/media/v/seg_001.ts"),
                input -> MediaPath.parse("/media/", input));
    }

    @Test
    void playlistRewrite() throws IOException {
        TokenTargets targets = TokenTargets.of(List.of("key.example.com"));
        PlaylistRewriter.Limits limits = new PlaylistRewriter.Limits(4_000_000, 20_000);
        fuzz("m3u8", seeds(), input -> PlaylistRewriter.rewrite(input, "eyJ.token.sig", targets, "media.example.com",
                limits));
    }

    /** VOD's play URLs: the auth_key end, the token appended, the move onto the playlist function. */
    @Test
    void playUrls() {
        List<String> seeds = List.of("https://vod.example.com/v-1/ab-ld-encrypt-stream.m3u8?auth_key=1893456000-0-0-"
                + "0123456789abcdef0123456789abcdef", "https://vod.example.com/v-1/a.m3u8?x=1&auth_key=17&y#f",
                "http://h/v-1/");
        io.github.vodhls.core.video.PlayInfoService[] service = new io.github.vodhls.core.video.PlayInfoService[1];
        String[] url = new String[1];
        service[0] = new io.github.vodhls.core.video.PlayInfoService(videoId -> List.of(
                new io.github.vodhls.core.video.PlayStream("LD", "m3u8", true, "HLSEncryption", "Normal", 1L, 1L, 1.0,
                        url[0], null)), 10, Duration.ZERO, true, MutableClock.atDefaultStart(),
                "https://vod.example.com/media");
        fuzz("play-url", seeds, input -> {
            io.github.vodhls.core.video.SignedUrls.signedUntil(input);
            PlaylistRewriter.withToken(input, "eyJ.token.sig");
            url[0] = input;
            if (!input.isEmpty()) {
                service[0].encryptedStreams("v-1");
            }
        });
    }
}
