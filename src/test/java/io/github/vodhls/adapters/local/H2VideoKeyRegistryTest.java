package io.github.vodhls.adapters.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import io.github.vodhls.core.video.VideoKeyRegistryContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2VideoKeyRegistryTest extends VideoKeyRegistryContract {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00.987654321Z");

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
    protected VideoKeyRegistry registry() {
        return new H2VideoKeyRegistry(databases.fresh());
    }

    @Test
    void registration_madeBeforeRestart_isFoundAndKeptAfterReopen() {
        Path dataDir = tempDir.resolve("data");
        VideoKey first = new VideoKey("video-1", "Q2lwaGVy+/=", CREATED);
        H2Database before = databases.open(dataDir);
        new H2VideoKeyRegistry(before).registerIfAbsent(first);
        before.close();

        H2VideoKeyRegistry after = new H2VideoKeyRegistry(databases.open(dataDir));

        assertEquals(first, after.find("video-1").orElseThrow());
        assertEquals(first, after.registerIfAbsent(new VideoKey("video-1", "other", CREATED.plusSeconds(1))));
    }

    @Test
    void find_afterDatabaseClosed_isStoreUnavailable() {
        H2Database database = databases.fresh();
        H2VideoKeyRegistry registry = new H2VideoKeyRegistry(database);
        database.close();

        DependencyUnavailableException e =
                assertThrows(DependencyUnavailableException.class, () -> registry.find("video-1"));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }
}
