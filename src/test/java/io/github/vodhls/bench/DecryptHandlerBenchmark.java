package io.github.vodhls.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decrypt function's warm path, as FC runs it: FC 3.0 event JSON in, response JSON out, with token verification
 * (HS256), the registry lookup, the plaintext-key cache hit and the atomic use count (in-memory store).
 * {@link #decryptWarmPath} is the graph as deployed: the video's revocation is read on a second thread while the use
 * is counted (on Function Compute both are Tablestore round trips, which that overlaps; here both are in memory, so it
 * measures what the hand-off costs). {@link #decryptWarmPathReadFirst} reads it first on the request's thread: the
 * CPU path alone. A player fetches keys with one token again and again, so both find it in the cache of verified
 * tokens after the first fetch; {@link #decryptWarmPathTokenUncached} checks it in full every time, as a token's
 * first fetch does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecryptHandlerBenchmark {
    private BenchFixture fixture;
    private String ciphertext;
    private byte[] event;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fixture = new BenchFixture();
        ciphertext = fixture.registerKey("bench-video");
    }

    /** A fresh token each iteration so the use limit (1,000,000) is never the thing measured. */
    @Setup(Level.Iteration)
    public void freshToken() throws IOException {
        event = BenchFixture.decryptEvent(ciphertext, fixture.issueToken("bench-video", 1_000_000));
        for (com.aliyun.fc.runtime.StreamRequestHandler handler : new com.aliyun.fc.runtime.StreamRequestHandler[] {
                fixture.decrypt, fixture.decryptReadFirst, fixture.decryptReadFirstUncached}) {
            byte[] first = BenchFixture.invoke(handler, event);
            if (!new String(first, java.nio.charset.StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
                throw new IllegalStateException("warm path does not answer 200");
            }
        }
    }

    @Benchmark
    public byte[] decryptWarmPath() throws IOException {
        return BenchFixture.invoke(fixture.decrypt, event);
    }

    @Benchmark
    public byte[] decryptWarmPathReadFirst() throws IOException {
        return BenchFixture.invoke(fixture.decryptReadFirst, event);
    }

    @Benchmark
    public byte[] decryptWarmPathTokenUncached() throws IOException {
        return BenchFixture.invoke(fixture.decryptReadFirstUncached, event);
    }
}
