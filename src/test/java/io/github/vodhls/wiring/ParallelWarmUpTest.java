package io.github.vodhls.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelWarmUpTest {

    @Test
    void tasks_runAtOnce_andTheWarmUpReturnsWhenAllHaveEnded() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<String> ended = new CopyOnWriteArrayList<>();
        Runnable waitsForTheOther = () -> {
            bothStarted.countDown();
            try {
                assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "the other task runs at the same time");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            ended.add(Thread.currentThread().getName());
        };
        ParallelWarmUp.of(waitsForTheOther, waitsForTheOther).run();
        assertEquals(2, ended.size(), "both ended before run() returned: " + ended);
        assertTrue(ended.contains(Thread.currentThread().getName()), "the first on the caller's thread: " + ended);
    }

    @Test
    void failures_areThrownAfterEveryTaskEnded_theFirstTaskInOrderWins() {
        IllegalStateException first = new IllegalStateException("store client");
        IllegalArgumentException second = new IllegalArgumentException("kms client");
        List<String> ran = new CopyOnWriteArrayList<>();
        Runnable warmUp = ParallelWarmUp.of(() -> {
            ran.add("a");
            throw first;
        }, () -> {
            ran.add("b");
            throw second;
        }, () -> ran.add("c"));
        assertSame(first, assertThrows(IllegalStateException.class, warmUp::run));
        assertEquals(3, ran.size(), "no task is skipped because another failed: " + ran);
    }

    @Test
    void oneTask_runsOnTheCallersThread_noneIsANoOp() {
        List<String> threads = new CopyOnWriteArrayList<>();
        ParallelWarmUp.of(() -> threads.add(Thread.currentThread().getName())).run();
        assertEquals(List.of(Thread.currentThread().getName()), threads);
        ParallelWarmUp.of().run();
    }
}
