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
 * Token issuance through the token function: FC 3.0 event in (POST /token with the API key), API key check, body
 * parsing, policy, store record (in-memory), HS256 signing, response JSON out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenIssueBenchmark {
    private BenchFixture fixture;
    private byte[] event;

    /** A fresh in-memory store each iteration, so recorded tokens do not pile up in the heap. */
    @Setup(Level.Iteration)
    public void setUp() {
        fixture = new BenchFixture();
        event = BenchFixture.postEvent("/token", "{\"videoId\":\"bench-video\",\"userId\":\"bench-user\"}");
    }

    @Benchmark
    public byte[] issueToken() throws IOException {
        return BenchFixture.invoke(fixture.token, event);
    }
}
