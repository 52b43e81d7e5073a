package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vodhls.core.video.CallbackDeliveries.Binding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link CallbackDeliveries} must have. Each implementation's test extends this class. */
public abstract class CallbackDeliveriesContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = T0.plus(Duration.ofMinutes(5));
    private static final String BODY_A = "a".repeat(64);
    private static final String BODY_B = "b".repeat(64);

    /** A fresh, empty store. */
    protected abstract CallbackDeliveries deliveries();

    private static String pair() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void bind_first_isFirst_andTheSameBodyAgainIsSameBody() {
        CallbackDeliveries deliveries = deliveries();
        String pair = pair();
        assertEquals(Binding.FIRST, deliveries.bind(pair, BODY_A, EXPIRES, T0));
        assertEquals(Binding.SAME_BODY, deliveries.bind(pair, BODY_A, EXPIRES, T0.plusSeconds(30)));
        assertEquals(Binding.SAME_BODY, deliveries.bind(pair, BODY_A, EXPIRES, EXPIRES),
                "a binding is live until its expiry, inclusive");
    }

    @Test
    void bind_anotherBody_isOtherBody_andTheFirstBodyStaysBound() {
        CallbackDeliveries deliveries = deliveries();
        String pair = pair();
        deliveries.bind(pair, BODY_A, EXPIRES, T0);
        assertEquals(Binding.OTHER_BODY, deliveries.bind(pair, BODY_B, EXPIRES, T0.plusSeconds(1)));
        assertEquals(Binding.OTHER_BODY, deliveries.bind(pair, BODY_B, EXPIRES, T0.plusSeconds(2)));
        assertEquals(Binding.SAME_BODY, deliveries.bind(pair, BODY_A, EXPIRES, T0.plusSeconds(3)));
    }

    @Test
    void bind_otherPairs_areIndependent() {
        CallbackDeliveries deliveries = deliveries();
        deliveries.bind(pair(), BODY_A, EXPIRES, T0);
        assertEquals(Binding.FIRST, deliveries.bind(pair(), BODY_B, EXPIRES, T0));
    }

    @Test
    void bind_afterTheBindingExpired_bindsAgain() {
        CallbackDeliveries deliveries = deliveries();
        String pair = pair();
        deliveries.bind(pair, BODY_A, EXPIRES, T0);
        Instant later = EXPIRES.plusMillis(1);
        assertEquals(Binding.FIRST, deliveries.bind(pair, BODY_B, later.plusSeconds(300), later));
        assertEquals(Binding.OTHER_BODY, deliveries.bind(pair, BODY_A, later.plusSeconds(300), later.plusSeconds(1)));
    }

    @Test
    void bind_when16ThreadsRaceWithDifferentBodies_exactlyOneIsFirst() throws Exception {
        CallbackDeliveries deliveries = deliveries();
        String pair = pair();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Binding>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String body = String.format("%064x", i);
                results.add(pool.submit(() -> {
                    start.await();
                    return deliveries.bind(pair, body, EXPIRES, T0);
                }));
            }
            start.countDown();
            List<Binding> outcomes = new ArrayList<>();
            for (Future<Binding> f : results) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            Map<Binding, Long> counts = outcomes.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(Map.of(Binding.FIRST, 1L, Binding.OTHER_BODY, (long) threads - 1), counts);
        } finally {
            pool.shutdownNow();
        }
    }
}
