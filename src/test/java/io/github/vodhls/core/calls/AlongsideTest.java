package io.github.vodhls.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.TokenRejectedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A check alongside the main work: both at once, the outcome as if the check ran first. */
class AlongsideTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Alongside alongside = new Alongside(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void run_startsTheCheck_beforeTheMainWorkEnds() throws Exception {
        CountDownLatch checkStarted = new CountDownLatch(1);
        CountDownLatch mainStarted = new CountDownLatch(1);
        String result = alongside.run(() -> {
            mainStarted.countDown();
            await(checkStarted);
        }, () -> {
            // the check must be running while the main work is: each waits for the other to have started
            checkStarted.countDown();
            await(mainStarted);
            return "key";
        });
        assertEquals("key", result);
    }

    @Test
    void run_whenTheCheckRefuses_throwsItsRefusal_notTheMainResult() {
        TokenRejectedException revoked = new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
        assertSame(revoked, assertThrows(TokenRejectedException.class, () -> alongside.run(() -> {
            throw revoked;
        }, () -> "key")));
    }

    @Test
    void run_whenBothFail_throwsTheChecksFailure() {
        DependencyUnavailableException down = new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                "GetRow timed out");
        assertSame(down, assertThrows(DependencyUnavailableException.class, () -> alongside.run(() -> {
            throw down;
        }, () -> {
            throw new IllegalStateException("main failed too");
        })));
    }

    @Test
    void run_whenOnlyTheMainWorkFails_throwsItsFailure() {
        IllegalStateException failure = new IllegalStateException("exhausted");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> alongside.run(() -> { }, () -> {
            throw failure;
        })));
    }

    @Test
    void run_whenTheExecutorIsBusy_checksFirstOnTheCallingThread_andSkipsTheMainWorkOnRefusal() {
        Alongside busy = new Alongside(task -> {
            throw new RejectedExecutionException("busy");
        });
        List<String> order = new CopyOnWriteArrayList<>();
        assertEquals("key", busy.run(() -> order.add("check on " + Thread.currentThread().getName()), () -> {
            order.add("main");
            return "key";
        }));
        assertEquals(List.of("check on " + Thread.currentThread().getName(), "main"), order);

        order.clear();
        assertThrows(TokenRejectedException.class, () -> busy.run(() -> {
            throw new TokenRejectedException(ErrorCode.TOKEN_REVOKED, "token was revoked");
        }, () -> order.add("main")));
        assertTrue(order.isEmpty(), "the main work did not run: " + order);
    }

    @Test
    void run_countsTheChecksCalls_asCalls_butOverlappedRoundTripsOnce() {
        RemoteCalls calls = RemoteCalls.open();
        try {
            RemoteCalls.record(Dependency.STORE); // before: one round trip on its own
            alongside.run(() -> RemoteCalls.record(Dependency.STORE), () -> {
                RemoteCalls.record(Dependency.STORE);
                RemoteCalls.record(Dependency.KMS);
                return null;
            });
        } finally {
            calls.close();
        }
        assertEquals(3, calls.calls(Dependency.STORE));
        assertEquals(2, calls.roundTrips(Dependency.STORE));
        assertEquals(1, calls.calls(Dependency.KMS));
        assertEquals(1, calls.roundTrips(Dependency.KMS));
    }

    @Test
    void run_whenTheCheckMakesMoreRoundTripsThanTheMainWork_countsTheCheck() {
        RemoteCalls calls = RemoteCalls.open();
        try {
            alongside.run(() -> {
                RemoteCalls.record(Dependency.STORE);
                RemoteCalls.record(Dependency.STORE);
            }, () -> null);
        } finally {
            calls.close();
        }
        assertEquals(2, calls.roundTrips(Dependency.STORE));
    }

    @Test
    void inline_checksFirst_andCountsEveryCallAsARoundTrip() {
        RemoteCalls calls = RemoteCalls.open();
        List<String> order = new CopyOnWriteArrayList<>();
        try {
            Alongside.inline().run(() -> {
                order.add("check");
                RemoteCalls.record(Dependency.STORE);
            }, () -> {
                order.add("main");
                RemoteCalls.record(Dependency.STORE);
                return null;
            });
        } finally {
            calls.close();
        }
        assertEquals(List.of("check", "main"), order);
        assertEquals(2, calls.calls(Dependency.STORE));
        assertEquals(2, calls.roundTrips(Dependency.STORE));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the other branch never started: they did not run at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
