package io.github.vodhls.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-invocation counts: each invocation counts its own calls, whatever runs beside it. */
class RemoteCallsTest {

    @Test
    void record_countsIntoTheInvocationOpenOnThisThread_only() throws Exception {
        CountDownLatch bothOpen = new CountDownLatch(2);
        RemoteCalls[] counted = new RemoteCalls[2];
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int invocation = i;
            threads[i] = new Thread(() -> {
                RemoteCalls calls = RemoteCalls.open();
                bothOpen.countDown();
                try {
                    bothOpen.await(30, TimeUnit.SECONDS);
                    for (int n = 0; n <= invocation * 3; n++) { // 1 call, then 4 calls
                        RemoteCalls.record(Dependency.STORE);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    calls.close();
                }
                counted[invocation] = calls;
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, counted[0].calls(Dependency.STORE));
        assertEquals(4, counted[1].calls(Dependency.STORE));
        assertEquals(0, counted[1].calls(Dependency.KMS));
    }

    @Test
    void record_outsideAnInvocation_countsNowhere_andAClosedInvocationStopsCounting() {
        RemoteCalls.record(Dependency.KMS); // warm-up, background work: no invocation
        RemoteCalls calls = RemoteCalls.open();
        RemoteCalls.record(Dependency.KMS);
        calls.close();
        RemoteCalls.record(Dependency.KMS);
        assertEquals(1, calls.calls(Dependency.KMS));
        assertEquals(1, calls.roundTrips(Dependency.KMS));
        assertEquals("RemoteCalls[storeCalls=0, kmsCalls=1, vodCalls=0, originCalls=0, entitlementCalls=0]",
                calls.toString());
    }
}
