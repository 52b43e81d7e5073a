package io.github.vodhls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.DefaultAcsClient;
import com.google.gson.Gson;
import io.github.vodhls.adapters.aliyun.AcsClients;
import io.github.vodhls.functions.DecryptHandler;
import io.github.vodhls.functions.TokenHandler;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The integration tests run against the FC code package as deployed (failsafe's {@code classesDirectory} is
 * {@code target/vod-hls-encryption.jar}, compile and runtime dependencies are left off): production classes and
 * their libraries come from that jar, and whatever the package leaves out cannot be loaded.
 */
class FcPackageClasspathIT {
    private static final String FC_JAR = "vod-hls-encryption.jar";
    private static final String LOCAL_JAR = "vod-hls-encryption-local.jar";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    /** The FC code package's size budget (issue 11 section 5): 18 MB, counted as 18,000,000 bytes. */
    private static final long MAX_FC_JAR_BYTES = 18_000_000L;

    @Test
    void handlersAdaptersAndLibraries_areLoadedFromTheFcJar() {
        for (Class<?> type : List.of(DecryptHandler.class, TokenHandler.class, AcsClients.class,
                DefaultAcsClient.class, Gson.class)) {
            Path source = codeSource(type);
            assertEquals(FC_JAR, source.getFileName().toString(), type.getName() + " came from " + source);
        }
    }

    @Test
    void localStackClasses_areNotLoadable() {
        for (String name : List.of("io.github.vodhls.local.Main", "io.github.vodhls.local.LocalStack",
                "io.github.vodhls.adapters.local.LocalKms", "io.github.vodhls.adapters.local.H2TokenStore")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }

    @Test
    void demoPageAndHlsJs_areNotInTheFcPackage() throws IOException {
        for (String resource : List.of("local-web/index.html", "local-web/player.js",
                "META-INF/maven/org.webjars.npm/hls.js/pom.properties",
                "META-INF/maven/org.webjars.npm/video.js/pom.properties")) {
            assertNull(FcPackageClasspathIT.class.getClassLoader().getResource(resource), resource);
        }
        for (String entry : entries(codeSource(DecryptHandler.class))) {
            assertFalse(entry.startsWith(WEBJARS) || entry.startsWith("local-web/"), entry);
        }
    }

    @Test
    void localJar_carriesTheDemoPage_andOfItsPlayersOnlyTheMinifiedBuildsAndLicenses() throws IOException {
        List<String> local = entries(codeSource(DecryptHandler.class).resolveSibling(LOCAL_JAR));
        assertTrue(local.containsAll(List.of("local-web/index.html", "local-web/player.js",
                "META-INF/maven/org.webjars.npm/hls.js/pom.properties",
                "META-INF/maven/org.webjars.npm/video.js/pom.properties")), "the page and the players' versions");
        List<String> webjar = local.stream().filter(e -> e.startsWith(WEBJARS) && !e.endsWith("/"))
                .sorted().collect(Collectors.toList());
        assertEquals(5, webjar.size(), webjar.toString());
        String[] expected = {"hls\\.js/[^/]+/LICENSE", "hls\\.js/[^/]+/dist/hls\\.min\\.js", "video\\.js/[^/]+/LICENSE",
            "video\\.js/[^/]+/dist/video-js\\.min\\.css", "video\\.js/[^/]+/dist/video\\.min\\.js"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(webjar.get(i).matches("META-INF/resources/webjars/" + expected[i]), webjar.get(i));
        }
    }

    @Test
    void fcPackage_staysWithinItsSizeBudget() throws IOException {
        long size = Files.size(codeSource(DecryptHandler.class));
        assertTrue(size <= MAX_FC_JAR_BYTES, FC_JAR + " is " + size + " bytes, budget " + MAX_FC_JAR_BYTES);
    }

    @Test
    void partsOfLibrariesLeftOutOfThePackage_areNotLoadable() {
        // see the fc-package shade filters: Guava, Tablestore's search/time-series protocol, BouncyCastle's PQC code
        for (String name : List.of("com.google.common.collect.ImmutableList",
                "com.alicloud.openservices.tablestore.core.protocol.Search",
                "com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries",
                "org.bouncycastle.pqc.crypto.picnic.PicnicEngine", "com.lmax.disruptor.RingBuffer")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }

    @Test
    void h2Driver_isNotLoadable() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.h2.Driver"));
    }

    @Test
    void theLocalHttpServer_isNotLoadable() {
        // Undertow and what it brings (XNIO, jboss-threads, jboss-logging): local stack only, see the shade excludes
        for (String name : List.of("io.github.vodhls.local.LocalHttpServer", "io.undertow.Undertow",
                "org.xnio.Xnio", "org.jboss.threads.EnhancedQueueExecutor", "org.jboss.logging.Logger")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }

    @Test
    void testClasspath_holdsNeitherTargetClassesNorCompileScopeJars() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(classpath.split(File.pathSeparator)).collect(Collectors.toList());
        assertTrue(entries.stream().anyMatch(e -> e.endsWith(FC_JAR)), classpath);
        for (String entry : entries) {
            assertFalse(entry.endsWith(File.separator + "classes"), entry);
            assertFalse(entry.contains("aliyun-java-sdk") || entry.contains("h2-") || entry.contains("gson-")
                    || entry.contains("jjwt-") || entry.contains("tablestore-"), entry);
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).collect(Collectors.toList());
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
