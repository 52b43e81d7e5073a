package io.github.vodhls.wiring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An FC initializer's independent warm-up tasks (one SDK client each: create it, shake hands with its endpoint) run at
 * once, so on more than one CPU the clients' class loading overlaps. The first task runs on the caller's thread, each
 * other one on a short-lived daemon thread; the warm-up returns when all have ended and then throws the first
 * failure, in task order, so a client that cannot be created fails the initializer as it did when the tasks ran one
 * after another.
 */
final class ParallelWarmUp {
    private ParallelWarmUp() {
    }

    static Runnable of(Runnable... tasks) {
        List<Runnable> all = List.copyOf(Arrays.asList(tasks));
        if (all.isEmpty()) {
            return () -> { };
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return () -> run(all);
    }

    private static void run(List<Runnable> tasks) {
        Throwable[] failures = new Throwable[tasks.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < tasks.size(); i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    tasks.get(index).run();
                } catch (RuntimeException | Error e) {
                    failures[index] = e;
                }
            }, "warm-up-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        try {
            tasks.get(0).run();
        } catch (RuntimeException | Error e) {
            failures[0] = e;
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException) {
                throw (RuntimeException) failure;
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            }
        }
    }
}
