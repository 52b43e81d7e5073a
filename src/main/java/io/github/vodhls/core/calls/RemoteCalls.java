package io.github.vodhls.core.calls;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * How many calls one invocation made to each {@link Dependency}, and how many of them were made one after another
 * (round trips of latency), for its log line. The invocation pipeline {@linkplain #open opens} one per invocation on
 * the thread that serves it; the decorators around the ports ({@link CallHook#counting}) {@linkplain #record record}
 * each call into the one open on the calling thread, so concurrent invocations (one instance serves several at once)
 * never mix their counts. Calls outside an invocation (warm-up, background work) are not counted.
 *
 * <p>A call made on a side branch ({@link Alongside}) while the invocation's thread makes its own counts as a call;
 * as round trips, the branch and the overlapped part of the main path count as the longer of the two.
 */
public final class RemoteCalls {
    private static final ThreadLocal<RemoteCalls> CURRENT = new ThreadLocal<>();
    private static final int DEPENDENCIES = Dependency.values().length;

    private final AtomicIntegerArray calls;
    private final AtomicIntegerArray roundTrips = new AtomicIntegerArray(DEPENDENCIES);

    private RemoteCalls(AtomicIntegerArray calls) {
        this.calls = calls;
    }

    /** Starts counting an invocation on this thread; {@link #close()} it on the same thread when it ends. */
    public static RemoteCalls open() {
        RemoteCalls opened = new RemoteCalls(new AtomicIntegerArray(DEPENDENCIES));
        CURRENT.set(opened);
        return opened;
    }

    /** Stops counting on this thread; the counts stay readable. */
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /** Counts one call to {@code dependency} for the invocation open on this thread, if any. */
    public static void record(Dependency dependency) {
        RemoteCalls current = CURRENT.get();
        if (current != null) {
            current.calls.incrementAndGet(dependency.ordinal());
            current.roundTrips.incrementAndGet(dependency.ordinal());
        }
    }

    /** Calls made to {@code dependency}. */
    public int calls(Dependency dependency) {
        return calls.get(dependency.ordinal());
    }

    /** Of those, how many were made one after another: the round trips of latency they cost. */
    public int roundTrips(Dependency dependency) {
        return roundTrips.get(dependency.ordinal());
    }

    /** The invocation open on this thread, or null. */
    static RemoteCalls current() {
        return CURRENT.get();
    }

    /** A side branch of this invocation: its calls count here, its round trips are merged by {@link #join}. */
    RemoteCalls branch() {
        return new RemoteCalls(calls);
    }

    /** This invocation's round trips so far, to be passed back to {@link #join}. */
    int[] roundTripsNow() {
        int[] now = new int[DEPENDENCIES];
        for (int i = 0; i < DEPENDENCIES; i++) {
            now[i] = roundTrips.get(i);
        }
        return now;
    }

    /**
     * Merges a finished side branch that ran while this invocation's thread made the round trips after {@code atFork}:
     * the overlapped stretch costs the longer of the two.
     */
    void join(RemoteCalls branch, int[] atFork) {
        for (int i = 0; i < DEPENDENCIES; i++) {
            int main = roundTrips.get(i) - atFork[i];
            int side = branch.roundTrips.get(i);
            roundTrips.set(i, atFork[i] + Math.max(main, side));
        }
    }

    /** Runs {@code task} on this thread counted into {@code invocation} (null: uncounted). */
    static void within(RemoteCalls invocation, Runnable task) {
        RemoteCalls previous = CURRENT.get();
        if (invocation == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(invocation);
        }
        try {
            task.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RemoteCalls[");
        for (Dependency dependency : Dependency.values()) {
            text.append(dependency.ordinal() == 0 ? "" : ", ").append(dependency.callsField()).append('=')
                    .append(calls(dependency));
        }
        return text.append(']').toString();
    }
}
