package io.github.vodhls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.config.FunctionName;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.functions.ErrorMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the reference docs in step with the code they describe. */
class DocsTest {

    private static Map<String, String[]> tableRows(Path file) throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z0-9_]+)` \\|(.*)$")
                .matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            String[] previous = rows.put(m.group(1), m.group(2).split("\\|"));
            assertTrue(previous == null, file + " has two rows for " + m.group(1));
        }
        return rows;
    }

    /**
     * The reference table of docs/configuration.md as the schema ({@link ConfigVariable}) renders it: name, default,
     * kind and bounds, the functions that read it (and require it), meaning.
     */
    static String configurationTable() {
        StringBuilder table = new StringBuilder("| variable | default | kind | read by | meaning |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (ConfigVariable variable : ConfigVariable.values()) {
            String defaultValue = variable.defaultValue() == null ? "—"
                    : variable.defaultValue().isEmpty() ? "(empty)" : "`" + variable.defaultValue() + "`";
            List<String> readers = new ArrayList<>();
            for (FunctionName function : FunctionName.values()) {
                if (variable.usedBy(function)) {
                    readers.add(function.label() + (variable.requiredBy(function) ? " (required)" : ""));
                }
            }
            table.append("| `").append(variable.name()).append("` | ").append(defaultValue).append(" | ")
                    .append(variable.kind().describe()).append(" | ").append(String.join(", ", readers)).append(" | ")
                    .append(variable.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void configurationReference_isTheTableTheSchemaRenders() throws IOException {
        String doc = Files.readString(Paths.get("docs/configuration.md"), StandardCharsets.UTF_8);
        String table = configurationTable();
        if (!doc.contains(table)) {
            Path rendered = Paths.get("target/configuration-table.md");
            Files.createDirectories(rendered.getParent());
            Files.writeString(rendered, table, StandardCharsets.UTF_8);
            throw new AssertionError("docs/configuration.md's table differs from the schema's; the rendered table is "
                    + "in " + rendered + ": replace the table with it");
        }
        Map<String, String[]> rows = tableRows(Paths.get("docs/configuration.md"));
        assertEquals(ConfigVariable.values().length, rows.size(), "one row per variable, nothing else");
    }

    @Test
    void relativeLinks_inTheReadmesAndDocs_pointAtFilesThatExist() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Paths.get("README.md"), Paths.get("events/README.md")));
        try (Stream<Path> docs = Files.list(Paths.get("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        int checked = 0;
        for (Path file : files) {
            Matcher m = link.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue; // an anchor in the same file, or an absolute URL
                }
                Path resolved = file.resolveSibling(target).normalize();
                assertTrue(Files.exists(resolved), file + " links to " + m.group(1) + ", which does not exist");
                checked++;
            }
        }
        assertTrue(checked > 20, "links checked: " + checked);
    }

    /** A merge left half done once: both sides of a conflict were committed in docs/configuration.md. */
    @Test
    void noFile_holdsMergeConflictMarkers() throws IOException {
        List<Path> roots = List.of(Paths.get("README.md"), Paths.get("docs"), Paths.get("events"), Paths.get("bench"),
                Paths.get("src"), Paths.get("s.yaml"), Paths.get("template.yml"), Paths.get("pom.xml"));
        Pattern marker = Pattern.compile("(?m)^(<{7} |>{7} |={7}$)");
        int checked = 0;
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().matches(".*\\.(md|java|ya?ml|xml|sh|lua|conf|json|txt|html|js)$"))::iterator) {
                    boolean found = marker.matcher(Files.readString(file, StandardCharsets.ISO_8859_1)).find();
                    assertTrue(!found, file + " holds a merge conflict marker");
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "files checked: " + checked);
    }

    @Test
    void readme_linksEveryDoc() throws IOException {
        String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
        try (Stream<Path> docs = Files.list(Paths.get("docs"))) {
            docs.map(p -> "(docs/" + p.getFileName() + ")").sorted()
                    .forEach(link -> assertTrue(readme.contains(link), "README.md does not link " + link));
        }
    }

    @Test
    void errorReference_listsEveryCodeWithItsStatus() throws IOException {
        Map<String, String[]> rows = tableRows(Paths.get("docs/errors.md"));
        assertEquals(ErrorCode.values().length, rows.size(), "rows: " + rows.keySet());
        for (ErrorCode code : ErrorCode.values()) {
            String[] row = rows.get(code.code());
            assertTrue(row != null, code + " is not documented");
            assertEquals(String.valueOf(ErrorMapper.status(code.kind())), row[0].trim(), "status of " + code);
        }
    }
}
