package io.github.vodhls.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The playlist function's warm path, as FC runs it: FC 3.0 event JSON in, token verification (HS256, the store's
 * revocation lookup), the origin read (in memory here: a real origin adds its round trip) and the rewrite, response
 * JSON out. {@code segments} 720 is a two-hour VOD title in 10 s segments with one key; 50000 with a key every 10
 * segments is the "tens of thousands of lines" case (about 105,000 lines).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlaylistHandlerBenchmark {
    @Param({"720", "50000"})
    public int segments;

    private BenchFixture fixture;
    private byte[] event;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fixture = new BenchFixture();
        fixture.origin.put("bench-video/index.m3u8",
                BenchFixture.mediaPlaylist(segments, segments <= 720 ? segments : 10));
        JsonObject query = new JsonObject();
        query.addProperty("MtsHlsUriToken", fixture.issueToken("bench-video", 20));
        JsonObject headers = new JsonObject();
        headers.addProperty("origin", "https://player.example.test");
        event = BenchFixture.event("GET", "/media/bench-video/index.m3u8", headers, query, null);
        String first = new String(BenchFixture.invoke(fixture.playlist, event), StandardCharsets.UTF_8);
        if (!first.contains("\"statusCode\":200") || !first.contains("MtsHlsUriToken=")) {
            throw new IllegalStateException("warm path does not answer a rewritten playlist");
        }
    }

    @Benchmark
    public byte[] playlistWarmPath() throws IOException {
        return BenchFixture.invoke(fixture.playlist, event);
    }
}
