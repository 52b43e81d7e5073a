package io.github.vodhls;

import static io.github.vodhls.DeploymentFiles.camel;
import static io.github.vodhls.DeploymentFiles.list;
import static io.github.vodhls.DeploymentFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.github.vodhls.DeploymentFiles.DeployedFunction;
import io.github.vodhls.adapters.aliyun.TablestoreSchema;
import io.github.vodhls.adapters.aliyun.TablestoreTokenStore;
import io.github.vodhls.adapters.aliyun.TablestoreVideoKeyRegistry;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.testing.FakeSecrets;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import io.github.vodhls.testing.MutableClock;
import io.github.vodhls.testing.TestContext;
import io.github.vodhls.testing.TestKeys;
import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Wiring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * s.yaml and template.yml against the code and against each other: handlers and initializers are real FC entry
 * points, every environment variable is one the configuration knows, each function's wiring builds from what the
 * files set (with only the deployer's required values given), trigger methods are exactly what the handlers serve,
 * roles grant only what each function calls, and both files describe the same functions.
 */
class DeploymentFilesTest {
    private static final Path S_YAML = Paths.get("s.yaml");
    private static final Path TEMPLATE = Paths.get("template.yml");
    private static final Path SHARED = Paths.get("shared-resources.yml");
    private static final List<String> FUNCTIONS = List.of("token", "decrypt", "upload-callback", "playlist");
    /** Every method an FC 3.0 HTTP trigger can allow. */
    private static final List<String> HTTP_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS");
    /** Variables FC sets itself; a deployment file has no business setting them. */
    private static final Set<String> FC_PROVIDED = Set.of("FC_REGION", "FC_ACCOUNT_ID", "FC_FUNCTION_NAME",
            "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN");
    /** Values that must never be shown back: their stack parameters are NoEcho. */
    private static final Set<String> SECRETS = Set.of("TOKEN_SIGNING_KEYS", "TOKEN_VERIFICATION_KEYS",
            "LOGIN_HMAC_SECRETS", "ENTITLEMENT_WEBHOOK_SECRET", "VOD_CALLBACK_PRIVATE_KEY",
            "VOD_CALLBACK_PRIVATE_KEY_SECONDARY");

    /**
     * What a deployer exports for {@code s deploy}: a valid value for each setting s.yaml reads without a default,
     * nothing else (every optional setting stays at its default).
     */
    private static final Map<String, String> DEPLOYER_ENV = Map.ofEntries(
            Map.entry("REGION", DeploymentFiles.REGION),
            Map.entry("SLS_PROJECT", "vod-hls-logs"),
            Map.entry("SLS_LOGSTORE", "functions"),
            Map.entry("DECRYPT_BASE_URL", "https://key.example.com/decrypt"),
            Map.entry("KMS_KEY_ID", "key-0123456789abcdef"),
            Map.entry("TABLESTORE_ENDPOINT", "https://vodkeys1.cn-shanghai.ots.aliyuncs.com"),
            Map.entry("TABLESTORE_INSTANCE", "vodkeys1"),
            Map.entry("VOD_TEMPLATE_GROUP_ID", "0123456789abcdef0123456789abcdef"),
            Map.entry("VOD_CALLBACK_URL", "https://callback.example.com/vod"),
            Map.entry("ORIGIN_BASE_URL", "https://origin.example.com/media/"));

    private static final String HS256_KEYS = TestKeys.hs256Entry("k1");

    /** How the keys reach the functions: plain variables, or KMS Secrets Manager secrets (recommended). */
    enum Keys {
        PLAIN, SECRETS;

        /** The deployer's environment for s.yaml with the keys given this way. */
        Map<String, String> deployerEnv() {
            Map<String, String> env = new HashMap<>(DEPLOYER_ENV);
            if (this == PLAIN) {
                env.put("TOKEN_SIGNING_KEYS", HS256_KEYS);
                env.put("TOKEN_VERIFICATION_KEYS", HS256_KEYS);
                env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex("an-api-key"));
                env.put("VOD_CALLBACK_PRIVATE_KEY", "a-callback-key");
            } else {
                SECRET_NAMES.forEach(env::put);
            }
            return env;
        }

        /** The stack parameters for template.yml: the deployer's values under their parameter names. */
        Map<String, String> stackParameters() {
            Map<String, String> values = new HashMap<>();
            deployerEnv().forEach((name, value) -> values.put(camel(name), value));
            values.put("TablestoreInstanceName", DEPLOYER_ENV.get("TABLESTORE_INSTANCE"));
            values.put("CodeBucket", "code-bucket");
            values.put("SecretsManager", this == SECRETS ? "true" : "false");
            return values;
        }
    }

    /** The secrets' names as shared-resources.yml's outputs give them, and as the roles allow them. */
    private static final Map<String, String> SECRET_NAMES = Map.of(
            "TOKEN_SIGNING_KEYS_SECRET", "vod-hls-token-signing-keys",
            "TOKEN_VERIFICATION_KEYS_SECRET", "vod-hls-token-verification-keys",
            "API_KEY_SHA256_SECRET", "vod-hls-api-key-sha256",
            "VOD_CALLBACK_PRIVATE_KEY_SECRET", "vod-hls-vod-callback-private-key");

    /** The values in KMS Secrets Manager for {@link Keys#SECRETS}. */
    private static FakeSecrets secrets() {
        return new FakeSecrets().put("vod-hls-token-signing-keys", HS256_KEYS)
                .put("vod-hls-token-verification-keys", HS256_KEYS)
                .put("vod-hls-api-key-sha256", ApiKeyAuthenticator.sha256Hex("an-api-key"))
                .put("vod-hls-vod-callback-private-key", "a-callback-key");
    }

    /** A request path each function serves, for the method checks. */
    private static final Map<String, String> SAMPLE_PATHS = Map.of("token", "/token", "decrypt", "/decrypt",
            "upload-callback", "/vod", "playlist", "/media/1f2e3d4c5b6a79880f1e2d3c4b5a6978/index.m3u8");

    private static DeploymentFiles.SdResolver sdResolver(Map<String, String> deployerEnv) throws IOException {
        return new DeploymentFiles.SdResolver(DeploymentFiles.load(S_YAML), deployerEnv);
    }

    private static Map<String, DeployedFunction> fromServerlessDevs() throws IOException {
        return fromServerlessDevs(Keys.PLAIN.deployerEnv());
    }

    private static Map<String, DeployedFunction> fromServerlessDevs(Map<String, String> deployerEnv)
            throws IOException {
        return byKey(DeploymentFiles.fromServerlessDevs(DeploymentFiles.load(S_YAML), sdResolver(deployerEnv),
                DeploymentFiles.load(SHARED)));
    }

    private static Map<String, DeployedFunction> fromRos() throws IOException {
        return fromRos(Keys.PLAIN.stackParameters());
    }

    private static Map<String, DeployedFunction> fromRos(Map<String, String> parameters) throws IOException {
        return byKey(DeploymentFiles.fromRos(DeploymentFiles.load(TEMPLATE), parameters));
    }

    private static Map<String, DeployedFunction> byKey(List<DeployedFunction> functions) {
        Map<String, DeployedFunction> byKey = new LinkedHashMap<>();
        functions.forEach(f -> byKey.put(f.key, f));
        return byKey;
    }

    private static List<Map<String, DeployedFunction>> bothFiles() throws IOException {
        return List.of(fromServerlessDevs(), fromRos());
    }

    // ------------------------------------------------------------------ the files agree

    @Test
    void bothFiles_describeTheSameFourFunctions() throws IOException {
        Map<String, DeployedFunction> s = fromServerlessDevs();
        Map<String, DeployedFunction> ros = fromRos();
        assertEquals(FUNCTIONS, new ArrayList<>(s.keySet()), "s.yaml");
        assertEquals(FUNCTIONS, new ArrayList<>(ros.keySet()), "template.yml");
        for (String key : FUNCTIONS) {
            assertEquals(s.get(key).comparable(), ros.get(key).comparable(), key + ": s.yaml vs template.yml");
        }
    }

    @Test
    void everyFunction_isAJava11FunctionOfTheOnePackage_withItsOwnLogsAndRole() throws IOException {
        Map<String, Object> yaml = DeploymentFiles.load(S_YAML);
        assertEquals("3.0.0", String.valueOf(yaml.get("edition")));
        Map<String, Object> template = map(map(yaml.get("template")).get("function"));
        assertEquals("./target/vod-hls-encryption.jar", template.get("code"));
        assertTrue(Files.readString(Paths.get("pom.xml")).contains(
                "<outputFile>${project.build.directory}/vod-hls-encryption.jar</outputFile>"), "the FC package");
        Map<String, Object> preDeploy = map(list(map(yaml.get("actions")).get("pre-deploy")).get(0));
        assertEquals("mvn -q -DskipTests package", preDeploy.get("run"), "the package is built before deploying");
        Map<String, Object> ros = DeploymentFiles.load(TEMPLATE);
        assertEquals("2015-09-01", ros.get("ROSTemplateFormatVersion"));
        for (Map<String, DeployedFunction> file : bothFiles()) {
            Set<String> names = new TreeSet<>();
            for (DeployedFunction f : file.values()) {
                assertEquals("java11", f.runtime, f.key);
                assertEquals("vod-hls-" + f.key, f.functionName);
                assertTrue(f.logConfigured, f.key + " writes its logs to an SLS logstore");
                assertEquals(Set.of("fc.aliyuncs.com"), f.trustedServices, f.key + ": only FC assumes the role");
                names.add(f.functionName);
            }
            assertEquals(4, names.size());
        }
    }

    // ------------------------------------------------------------------ against the code

    @Test
    void handlersAndInitializers_arePublicFcEntryPointsOfRealClasses() throws Exception {
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (DeployedFunction f : file.values()) {
                Class<?> handler = handlerClass(f);
                assertEquals(f.handler.replace("::handleRequest", "::initialize"), f.initializer, f.key);
                assertTrue(Modifier.isPublic(handler.getModifiers()), f.handler);
                assertTrue(StreamRequestHandler.class.isAssignableFrom(handler), f.handler);
                assertTrue(FunctionInitializer.class.isAssignableFrom(handler), f.initializer);
                assertNotNull(handler.getConstructor(), f.key + ": FC instantiates the handler with no arguments");
                Method handle = handler.getMethod("handleRequest", InputStream.class, OutputStream.class,
                        Context.class);
                Method initialize = handler.getMethod("initialize", Context.class);
                assertTrue(Modifier.isPublic(handle.getModifiers()) && Modifier.isPublic(initialize.getModifiers()));
                assertEquals(f.key, kebabName(handler), "the function is named after its handler");
            }
        }
    }

    @Test
    void everyEnvironmentVariable_isOneTheConfigurationKnows_andSecretsNeverSitInTheFiles() throws IOException {
        Set<String> known = new TreeSet<>();
        for (ConfigVariable v : ConfigVariable.values()) {
            known.add(v.name());
        }
        Map<String, Object> sYaml = DeploymentFiles.load(S_YAML);
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (DeployedFunction f : file.values()) {
                for (String name : f.environment.keySet()) {
                    assertTrue(known.contains(name), f.key + " sets " + name + ", which no ConfigVariable reads");
                    assertFalse(FC_PROVIDED.contains(name), f.key + ": FC sets " + name + " itself");
                }
            }
        }
        for (Map.Entry<String, Object> resource : map(sYaml.get("resources")).entrySet()) {
            Map<String, Object> props = map(map(resource.getValue()).get("props"));
            for (Map.Entry<String, Object> e : map(props.get("environmentVariables")).entrySet()) {
                if (!e.getKey().equals("<<")) {
                    assertTrue(String.valueOf(e.getValue()).matches("\\$\\{[^}]+\\}"),
                            resource.getKey() + "." + e.getKey() + " must come from the environment or vars");
                }
            }
        }
        Map<String, Object> parameters = map(DeploymentFiles.load(TEMPLATE).get("Parameters"));
        for (Object resource : map(DeploymentFiles.load(TEMPLATE).get("Resources")).values()) {
            Map<String, Object> env = map(map(map(resource).get("Properties")).get("EnvironmentVariables"));
            for (Map.Entry<String, Object> e : env.entrySet()) {
                assertTrue(e.getValue() instanceof Map, e.getKey() + " must be a Ref or Fn::Sub, not a literal");
                if (SECRETS.contains(e.getKey())) {
                    Map<String, Object> p = map(parameters.get(String.valueOf(map(e.getValue()).get("Ref"))));
                    assertEquals(Boolean.TRUE, p.get("NoEcho"), e.getKey() + "'s parameter must be NoEcho");
                    assertTrue(!p.containsKey("Default") || "".equals(p.get("Default")), e.getKey());
                }
            }
        }
        String text = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
        assertFalse(text.matches("(?s).*(!Ref|!GetAtt|!Sub|!Join)\\b.*"), "long function forms only");
    }

    @Test
    void eachFunction_buildsFromWhatTheFilesSet_withOnlyTheRequiredValuesGiven_keysPlainOrInSecrets()
            throws Exception {
        for (Keys keys : Keys.values()) {
            for (Map<String, DeployedFunction> file : List.of(fromServerlessDevs(keys.deployerEnv()),
                    fromRos(keys.stackParameters()))) {
                for (DeployedFunction f : file.values()) {
                    FunctionGraph graph = graph(f, keys == Keys.SECRETS ? secrets() : new FakeSecrets());
                    graph.failure().ifPresent(problem -> fail(f.key + " (" + keys + ") does not build from its "
                            + "environment: " + problem.getMessage() + "; env " + f.environment.keySet()));
                }
            }
        }
    }

    @Test
    void withSecretsManager_noKeyIsInAnyFunctionsEnvironment_andEachFunctionNamesOnlyItsSecrets()
            throws Exception {
        Map<String, Set<String>> expected = Map.of(
                "token", Set.of("TOKEN_SIGNING_KEYS_SECRET", "TOKEN_VERIFICATION_KEYS_SECRET", "API_KEY_SHA256_SECRET"),
                "decrypt", Set.of("TOKEN_VERIFICATION_KEYS_SECRET"),
                "upload-callback", Set.of("VOD_CALLBACK_PRIVATE_KEY_SECRET"),
                "playlist", Set.of("TOKEN_VERIFICATION_KEYS_SECRET"));
        for (Map<String, DeployedFunction> file : List.of(fromServerlessDevs(Keys.SECRETS.deployerEnv()),
                fromRos(Keys.SECRETS.stackParameters()))) {
            for (DeployedFunction f : file.values()) {
                Set<String> named = new TreeSet<>();
                f.environment.forEach((name, value) -> {
                    if (name.endsWith("_SECRET") && !value.isEmpty()) {
                        named.add(name);
                        assertEquals(SECRET_NAMES.get(name), value, f.key + " " + name);
                    }
                    if (SECRETS.contains(name)) {
                        assertEquals("", value, f.key + ": " + name + " stays empty with Secrets Manager");
                    }
                });
                assertEquals(new TreeSet<>(expected.get(f.key)), named, f.key);
                for (String name : named) {
                    String secret = name.replace("_SECRET", "").toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                    assertTrue(f.permissions.contains("kms:GetSecretValue on secret " + secret), f.key + " may read " + secret + ": " + f.permissions);
                }
            }
        }
    }

    @Test
    void decryptAndPlaylist_neverReceiveSigningKeys() throws IOException {
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (String key : List.of("decrypt", "playlist")) {
                Set<String> env = file.get(key).environment.keySet();
                assertFalse(env.contains("TOKEN_SIGNING_KEYS") || env.contains("TOKEN_SIGNING_KEYS_SECRET"),
                        key + " only verifies: " + env);
                assertTrue(env.contains("TOKEN_VERIFICATION_KEYS") && env.contains("TOKEN_VERIFICATION_KEYS_SECRET"));
            }
        }
    }

    @Test
    void triggerMethods_areExactlyTheMethodsTheHandlersServe_andPreflightsAreAnswered() throws Exception {
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (DeployedFunction f : file.values()) {
                assertEquals("http", f.triggerType, f.key);
                assertEquals("anonymous", f.authType, f.key + " authenticates its callers itself");
                StreamRequestHandler handler = (StreamRequestHandler) handlerClass(f)
                        .getConstructor(FunctionGraph.class).newInstance(graph(f, new FakeSecrets()));
                Map<String, Integer> statuses = new TreeMap<>();
                for (String method : HTTP_METHODS) {
                    statuses.put(method, status(handler, FcEventBuilder.request(method, SAMPLE_PATHS.get(f.key))
                            .origin("https://player.example.com").header("Access-Control-Request-Method", "GET")));
                }
                Set<String> served = statuses.entrySet().stream().filter(e -> e.getValue() != 405)
                        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(served, new TreeSet<>(f.methods), f.key + ": trigger methods vs " + statuses);
                if (f.methods.contains("OPTIONS")) {
                    assertEquals(204, statuses.get("OPTIONS").intValue(), f.key + " answers the CORS preflight");
                }
            }
        }
        Map<String, DeployedFunction> s = fromServerlessDevs();
        assertEquals(List.of("GET", "HEAD", "OPTIONS"), s.get("decrypt").methods);
        assertEquals(List.of("GET", "HEAD", "OPTIONS"), s.get("playlist").methods);
        assertEquals(List.of("POST"), s.get("upload-callback").methods);
        assertEquals(List.of("POST", "OPTIONS"), s.get("token").methods);
    }

    @Test
    void roles_grantEachFunctionOnlyWhatItCalls() throws IOException {
        String logs = "log:PostLogStoreLogs on logstore";
        String verificationKeys = "kms:GetSecretValue on secret token-verification-keys";
        Map<String, Set<String>> expected = Map.of(
                "token", Set.of("kms:GenerateDataKey on kms-key", "ots:GetRow on token-table",
                        "ots:PutRow on token-table", "ots:UpdateRow on token-table", "ots:GetRow on video-table",
                        "ots:PutRow on video-table", logs, "kms:GetSecretValue on secret token-signing-keys",
                        verificationKeys, "kms:GetSecretValue on secret api-key-sha256"),
                "decrypt", Set.of("kms:Decrypt on kms-key", "ots:GetRow on token-table",
                        "ots:UpdateRow on token-table", "ots:GetRow on video-table", logs, verificationKeys),
                "upload-callback", Set.of("kms:GenerateDataKey on kms-key", "ots:GetRow on video-table",
                        "ots:PutRow on video-table", "ots:UpdateRow on video-table", "vod:SubmitTranscodeJobs on *",
                        logs, "kms:GetSecretValue on secret vod-callback-private-key"),
                "playlist", Set.of("ots:GetRow on token-table", logs, verificationKeys));
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (DeployedFunction f : file.values()) {
                assertEquals(new TreeSet<>(expected.get(f.key)), f.permissions, f.key);
            }
        }
    }

    // ------------------------------------------------------------------ details of each file

    @Test
    void tablestoreTables_matchTheSchemaTheAdaptersUse() throws IOException {
        Map<String, Object> ros = DeploymentFiles.load(TEMPLATE);
        Map<String, Object> resources = map(ros.get("Resources"));
        Map<String, Object> parameters = map(ros.get("Parameters"));
        Map<String, Object> tokenTable = map(map(resources.get("TokenTable")).get("Properties"));
        Map<String, Object> videoTable = map(map(resources.get("VideoTable")).get("Properties"));
        assertEquals(List.of(Map.of("Name", TablestoreTokenStore.PK, "Type", "STRING")), tokenTable.get("PrimaryKey"));
        assertEquals(List.of(Map.of("Name", TablestoreVideoKeyRegistry.PK, "Type", "STRING")),
                videoTable.get("PrimaryKey"));
        assertEquals(1, tokenTable.get("MaxVersions"));
        assertEquals(1, videoTable.get("MaxVersions"));
        assertEquals(-1, videoTable.get("TimeToLive"), "registrations outlive every token");
        assertEquals(Map.of("Ref", "TokenTableTtlSeconds"), tokenTable.get("TimeToLive"));
        Map<String, Object> ttl = map(parameters.get("TokenTableTtlSeconds"));
        assertEquals(TablestoreSchema.tokenTableTtlFor(Long.parseLong(ConfigVariable.TOKEN_MAX_TTL_SECONDS
                .defaultValue())), ttl.get("Default"), "the TTL CreateTablestoreTables gives for the default lifetime");
        assertEquals(2 * TablestoreSchema.MIN_TTL_SECONDS, ttl.get("MinValue"));
        assertEquals(ConfigVariable.TABLESTORE_TOKEN_TABLE.defaultValue(),
                map(parameters.get("TokenTableName")).get("Default"));
        assertEquals(ConfigVariable.TABLESTORE_VIDEO_TABLE.defaultValue(),
                map(parameters.get("VideoTableName")).get("Default"));
        Map<String, Object> vars = map(DeploymentFiles.load(S_YAML).get("vars"));
        assertEquals("${env('TABLESTORE_TOKEN_TABLE', '" + ConfigVariable.TABLESTORE_TOKEN_TABLE.defaultValue()
                + "')}", vars.get("tokenTable"));
        assertEquals("${env('TABLESTORE_VIDEO_TABLE', '" + ConfigVariable.TABLESTORE_VIDEO_TABLE.defaultValue()
                + "')}", vars.get("videoTable"));
    }

    @Test
    void template_outputsEveryTriggerUrl_andDeclaresEveryParameterItUses() throws IOException {
        Map<String, Object> ros = DeploymentFiles.load(TEMPLATE);
        Map<String, Object> outputs = map(ros.get("Outputs"));
        for (Map.Entry<String, Object> resource : map(ros.get("Resources")).entrySet()) {
            if ("ALIYUN::FC3::Trigger".equals(map(resource.getValue()).get("Type"))) {
                assertTrue(outputs.values().stream().anyMatch(o -> map(map(o).get("Value")).equals(
                        Map.of("Fn::GetAtt", List.of(resource.getKey(), "UrlInternet")))), resource.getKey());
            }
        }
        Set<String> refs = new TreeSet<>();
        collectRefs(ros.get("Resources"), refs);
        collectRefs(ros.get("Conditions"), refs);
        collectRefs(ros.get("Outputs"), refs);
        Set<String> declared = map(ros.get("Parameters")).keySet();
        for (String ref : refs) {
            assertTrue(declared.contains(ref) || ref.startsWith("ALIYUN::") || map(ros.get("Resources"))
                    .containsKey(ref), "undeclared " + ref);
        }
        Set<String> unused = new TreeSet<>(declared);
        unused.removeAll(refs);
        assertTrue(unused.isEmpty(), "unused parameters: " + unused);
    }

    @Test
    void deploymentGuide_namesEverySettingSYamlReadsWithoutADefault() throws IOException {
        DeploymentFiles.SdResolver resolver = sdResolver(DEPLOYER_ENV);
        DeploymentFiles.fromServerlessDevs(DeploymentFiles.load(S_YAML), resolver, DeploymentFiles.load(SHARED));
        String guide = Files.readString(Paths.get("docs/deployment.md"), StandardCharsets.UTF_8);
        assertEquals(DEPLOYER_ENV.keySet(), resolver.requiredFromDeployer, "what a deployer must export");
        for (String name : resolver.requiredFromDeployer) {
            assertTrue(guide.contains("export " + name + "="), "docs/deployment.md does not export " + name);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Class<?> handlerClass(DeployedFunction f) {
        String[] parts = f.handler.split("::");
        assertEquals(2, parts.length, f.handler);
        assertEquals("handleRequest", parts[1], f.handler);
        try {
            return Class.forName(parts[0]);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(f.key + ": no handler class " + parts[0], e);
        }
    }

    private static String kebabName(Class<?> handler) {
        return DeploymentFiles.kebab(handler.getSimpleName().replaceFirst("Handler$", ""));
    }

    /** The function's graph as FC would build it from the file's environment (plus what FC itself provides). */
    private static FunctionGraph graph(DeployedFunction f, FakeSecrets secrets) throws Exception {
        Map<String, String> env = new HashMap<>(f.environment);
        env.put("FC_REGION", DeploymentFiles.REGION);
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.test-key-id");
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-key-secret");
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", "test-security-token");
        Wiring wiring = new Wiring(env, MutableClock.atDefaultStart(), new SecureRandom(), secrets);
        String method = camelFromKebab(f.key) + "Function";
        try {
            return (FunctionGraph) Wiring.class.getMethod(method).invoke(wiring);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(f.key + ": the wiring has no " + method + "()", e);
        }
    }

    private static String camelFromKebab(String kebab) {
        String camel = camel(kebab.replace('-', '_'));
        return Character.toLowerCase(camel.charAt(0)) + camel.substring(1);
    }

    private static int status(StreamRequestHandler handler, FcEventBuilder event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event.toStream(), out, new TestContext());
        return FcResponse.parse(out.toByteArray()).statusCode();
    }

    private static void collectRefs(Object node, Set<String> refs) {
        if (node instanceof Map) {
            for (Map.Entry<String, Object> e : map(node).entrySet()) {
                if (e.getKey().equals("Ref")) {
                    refs.add(String.valueOf(e.getValue()));
                } else if (e.getKey().equals("Fn::Sub")) {
                    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9:]+)[^}]*\\}")
                            .matcher(String.valueOf(e.getValue()));
                    while (m.find()) {
                        refs.add(m.group(1));
                    }
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node instanceof List) {
            list(node).forEach(n -> collectRefs(n, refs));
        }
    }
}
