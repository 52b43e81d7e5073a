package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vodhls.core.video.CallbackDeliveries;
import io.github.vodhls.core.video.CallbackDeliveriesContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CallbackDeliveriesTest extends CallbackDeliveriesContract {
    @TempDir
    Path tempDir;

    private H2Databases databases;

    @BeforeEach
    void openDatabases() {
        databases = new H2Databases(tempDir);
    }

    @AfterEach
    void closeDatabases() {
        databases.close();
    }

    @Override
    protected CallbackDeliveries deliveries() {
        return new H2CallbackDeliveries(databases.fresh());
    }

    @Test
    void binding_madeBeforeRestart_isKeptAfterReopen() {
        Path dataDir = tempDir.resolve("data");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        H2Database before = databases.open(dataDir);
        new H2CallbackDeliveries(before).bind("pair", "a", t0.plusSeconds(300), t0);
        before.close();

        H2CallbackDeliveries after = new H2CallbackDeliveries(databases.open(dataDir));

        assertEquals(CallbackDeliveries.Binding.OTHER_BODY, after.bind("pair", "b", t0.plusSeconds(300),
                t0.plusSeconds(1)));
    }
}
