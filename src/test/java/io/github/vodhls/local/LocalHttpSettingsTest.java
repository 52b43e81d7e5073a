package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LOCAL_HTTP_* variables of serve: parsed with bounds, and documented as the enum says. */
class LocalHttpSettingsTest {
    /**
     * The table of docs/configuration.md, "Local stack", as {@link LocalHttpSettings.Variable} renders it (names
     * without backticks: DocsTest reads the backticked rows as the functions' variables).
     */
    static String table() {
        StringBuilder table = new StringBuilder("| variable | default | range | meaning |\n|---|---|---|---|\n");
        for (LocalHttpSettings.Variable v : LocalHttpSettings.Variable.values()) {
            table.append("| ").append(v.name()).append(" | ").append(v.defaultValue()).append(" | ")
                    .append(v.min()).append("..").append(v.max()).append(" | ").append(v.meaning()).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void docsConfiguration_listsEveryLocalHttpVariable_asTheEnumSays() throws Exception {
        String docs = Files.readString(Path.of("docs/configuration.md"), StandardCharsets.UTF_8);
        assertTrue(docs.contains(table()), "docs/configuration.md must contain:\n" + table());
    }

    @Test
    void fromEnvironment_whenUnset_givesTheDefaults() {
        LocalHttpSettings settings = LocalHttpSettings.fromEnvironment(Map.of());
        assertEquals(16, settings.workers());
        assertEquals(5_000, settings.headerTimeoutMillis());
        assertEquals(30_000, settings.idleTimeoutMillis());
        assertEquals(1_048_576, settings.maxBodyBytes());
    }

    @Test
    void fromEnvironment_readsValues_andRefusesOnesOutOfBounds() {
        assertEquals(64, LocalHttpSettings.fromEnvironment(Map.of("LOCAL_HTTP_WORKERS", " 64 ")).workers());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalHttpSettings.fromEnvironment(Map.of("LOCAL_HTTP_WORKERS", "0")));
        assertEquals("LOCAL_HTTP_WORKERS must be a whole number from 1 to 512", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LocalHttpSettings.fromEnvironment(Map.of("LOCAL_HTTP_IDLE_TIMEOUT_MS", "soon")));
    }
}
