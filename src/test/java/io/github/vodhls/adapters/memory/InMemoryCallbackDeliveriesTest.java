package io.github.vodhls.adapters.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.CallbackDeliveriesContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryCallbackDeliveriesTest extends CallbackDeliveriesContract {
    @Override
    protected CallbackDeliveries deliveries() {
        return new InMemoryCallbackDeliveries();
    }

    @Test
    void expiredBindings_areSweptOnceThereAreMany_andLiveOnesKept() {
        InMemoryCallbackDeliveries deliveries = new InMemoryCallbackDeliveries();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i <= InMemoryCallbackDeliveries.SWEEP_ABOVE; i++) {
            deliveries.bind("old-" + i, "a", t0.plusSeconds(1), t0);
        }
        deliveries.bind("live", "a", t0.plusSeconds(600), t0);
        deliveries.bind("trigger", "a", t0.plusSeconds(600), t0.plusSeconds(2));
        assertEquals(CallbackDeliveries.Binding.OTHER_BODY, deliveries.bind("live", "b", t0.plusSeconds(600),
                t0.plusSeconds(3)));
        assertEquals(2, deliveries.size());
    }
}
