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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
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
    /** The JVM's own variable (FC's java11 runtime starts a HotSpot JVM, which reads it); no ConfigVariable. */
    private static final String JVM_OPTIONS = "JAVA_TOOL_OPTIONS";
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
            Map.entry("TABLESTORE_ENDPOINT", "https://vodkeys1.cn-shanghai.ots.aliyuncs.com"),
            Map.entry("TABLESTORE_INSTANCE", "vodkeys1"),
            Map.entry("VOD_TEMPLATE_GROUP_ID", "0123456789abcdef0123456789abcdef"),
            Map.entry("VOD_CALLBACK_URL", "https://callback.example.com/vod"),
            Map.entry("ORIGIN_BASE_URL", "https://origin.example.com/media/"));

    private static final String HS256_KEYS = TestKeys.hs256Entry("k1");

    /** Where the data keys come from (KEY_SERVICE), and whether a KMS key is named (KMS_KEY_ID). */
    enum KeyMode {
        /** The default: KMS under the deployer's service key. */
        KMS(Map.of("KMS_KEY_ID", "key-0123456789abcdef")),
        /** VOD's data-key API; no KMS key at all. */
        VOD(Map.of("KEY_SERVICE", "vod")),
        /** VOD's data-key API for new videos, the KMS key still named for the videos keyed before the switch. */
        VOD_AFTER_KMS(Map.of("KEY_SERVICE", "vod", "KMS_KEY_ID", "key-0123456789abcdef"));

        final Map<String, String> env;

        KeyMode(Map<String, String> env) {
            this.env = env;
        }
    }

    /** How the keys reach the functions: plain variables, or KMS Secrets Manager secrets (recommended). */
    enum Keys {
        PLAIN, SECRETS;

        /** The deployer's environment for s.yaml with the keys given this way, data keys from KMS. */
        Map<String, String> deployerEnv() {
            return deployerEnv(KeyMode.KMS);
        }

        /** The deployer's environment for s.yaml with the keys given this way and data keys as {@code mode} says. */
        Map<String, String> deployerEnv(KeyMode mode) {
            Map<String, String> env = new HashMap<>(DEPLOYER_ENV);
            env.putAll(mode.env);
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
            return stackParameters(KeyMode.KMS);
        }

        Map<String, String> stackParameters(KeyMode mode) {
            Map<String, String> values = new HashMap<>();
            deployerEnv(mode).forEach((name, value) -> values.put(camel(name), value));
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

    // ------------------------------------------------------------------ the platform's rules

    @Test
    void sYaml_usesOnlyComponentsThatExistForServerlessDevs3() throws IOException {
        Map<String, Object> yaml = DeploymentFiles.load(S_YAML);
        for (Map.Entry<String, Object> resource : map(yaml.get("resources")).entrySet()) {
            Object component = map(resource.getValue()).get("component");
            assertTrue(Set.of("fc3", "fc3-domain").contains(component), resource.getKey() + " uses component "
                    + component + ": Serverless Devs 3 loads components from its v3 registry, where only fc3 and "
                    + "fc3-domain exist for this deployment (there is no edition-3 ram component)");
        }
    }

    @Test
    void everyFunctionsRole_isTheArnOfTheRoleSharedResourcesCreatesForIt() throws IOException {
        Map<String, String> env = Keys.PLAIN.deployerEnv();
        env.put("NAME_PREFIX", "shop-vod");
        Map<String, DeployedFunction> s = fromServerlessDevs(env);
        for (DeployedFunction f : s.values()) {
            assertEquals("acs:ram::" + DeploymentFiles.ACCOUNT + ":role/shop-vod-" + f.key, f.role, f.key);
            assertEquals("shop-vod-" + f.key, f.functionName, "NAME_PREFIX names the functions too");
            assertFalse(f.permissions.isEmpty(), f.key + ": shared-resources.yml has no role named after it");
        }
    }

    @Test
    void everyFc3Resource_asRendered_validatesAgainstTheFc3Schema() throws IOException {
        JsonSchema schema;
        try (InputStream in = DeploymentFilesTest.class.getResourceAsStream("/deploy/fc3-function-props.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> yaml = DeploymentFiles.load(S_YAML);
        int validated = 0;
        for (Keys keys : Keys.values()) {
            DeploymentFiles.SdResolver resolver = sdResolver(keys.deployerEnv());
            for (Map.Entry<String, Object> resource : map(yaml.get("resources")).entrySet()) {
                if (!"fc3".equals(map(resource.getValue()).get("component"))) {
                    continue;
                }
                Map<String, Object> props = DeploymentFiles.renderedProps(yaml, resource.getKey(), resolver);
                Set<ValidationMessage> errors = schema.validate(json.valueToTree(props));
                assertTrue(errors.isEmpty(), resource.getKey() + " (" + keys + "): " + errors);
                validated++;

                Map<String, Object> misspelt = new LinkedHashMap<>(props);
                misspelt.put("enviromentVariables", misspelt.remove("environmentVariables"));
                assertFalse(schema.validate(json.valueToTree(misspelt)).isEmpty(), "the schema catches a typo");
            }
        }
        assertEquals(8, validated);
    }

    /** FC 3.0: "The total size of all environment variables cannot exceed 4 KB" (docs/deployment.md cites it). */
    private static final int FC_ENVIRONMENT_LIMIT_BYTES = 4096;

    /**
     * Every optional setting given a realistic largest value: ES256 with two rotated key pairs (private keys as
     * {@code openssl genpkey} writes them, 138-byte PKCS#8 with the public key; 91-byte X.509 public keys), three RSA-2048
     * login public keys, two API-key hashes, two callback keys, and long URLs and lists elsewhere.
     */
    private static Map<String, String> largestPlainSettings() {
        Map<String, String> env = new HashMap<>(Keys.PLAIN.deployerEnv());
        String privateKeys = "es256-2026-11=" + TestKeys.randomBase64(138) + ",es256-2026-05=" + TestKeys.randomBase64(138);
        String publicKeys = "es256-2026-11=" + TestKeys.randomBase64(91) + ",es256-2026-05=" + TestKeys.randomBase64(91);
        env.put("TOKEN_ALGORITHM", "ES256");
        env.put("TOKEN_SIGNING_KEYS", privateKeys);
        env.put("TOKEN_VERIFICATION_KEYS", publicKeys);
        env.put("API_KEY_SHA256", ApiKeyAuthenticator.sha256Hex("key-1") + "," + ApiKeyAuthenticator.sha256Hex("key-2"));
        env.put("LOGIN_PUBLIC_KEYS", "app-2026-a=" + TestKeys.randomBase64(294) + ",app-2026-b="
                + TestKeys.randomBase64(294) + ",app-2025-z=" + TestKeys.randomBase64(294));
        env.put("LOGIN_ISSUER", "https://login.example.com/");
        env.put("LOGIN_AUDIENCE", "vod-player-web");
        env.put("ENTITLEMENT_WEBHOOK_URL", "https://api.example.com/internal/entitlements/check");
        env.put("ENTITLEMENT_WEBHOOK_SECRET", TestKeys.randomBase64(32));
        env.put("PLAY_URL_TEMPLATE", "https://vod.example.com/media/{videoId}/index.m3u8");
        env.put("PLAY_INFO", "false");
        env.put("PLAY_INFO_CACHE_SECONDS", "3600");
        env.put("PLAY_INFO_PLAYLIST_BASE_URL", "https://vod.example.com/media");
        env.put("KEY_SERVICE", "kms");
        env.put("CORS_ALLOWED_ORIGINS", "https://www.example.com,https://m.example.com");
        env.put("CLIENT_IP_HEADER", "Ali-Cdn-Real-Ip");
        env.put("TOKEN_ISSUER", "vod-hls-encryption");
        env.put("VOD_CALLBACK_PRIVATE_KEY", TestKeys.randomBase64(24));
        env.put("VOD_CALLBACK_PRIVATE_KEY_SECONDARY", TestKeys.randomBase64(24));
        env.put("SEGMENT_BASE_URL", "https://cdn.example.com/vod-output/");
        for (String number : List.of("TOKEN_DEFAULT_TTL_SECONDS", "TOKEN_MAX_TTL_SECONDS", "TOKEN_DEFAULT_MAX_USES",
                "TOKEN_MAX_MAX_USES", "VIEWER_MAX_TTL_SECONDS", "VIEWER_MAX_USES", "KEY_CACHE_CONTROL_MAX_AGE_SECONDS",
                "SECRETS_REFRESH_SECONDS")) {
            env.put(number, "86400");
        }
        env.put("VIEWER_TOKENS_PER_MINUTE", "1000");
        env.put("VIEWER_MAX_ACTIVE_TOKENS", "100");
        env.put("VIEWER_STREAM_LIMIT_POLICY", "replace-oldest");
        env.put("KMS_REGION", "cn-shanghai");
        env.put("VOD_REGION", "cn-shanghai");
        env.put("BIND_CLIENT_IP", "false");
        env.put("BIND_DEVICE_TYPE", "false");
        env.put("PLAYLIST_PATH_PREFIX", "/media/");
        env.put("LOGIN_HMAC_SECRETS", "");
        env.put("LOGIN_JWKS_URL", "");
        return env;
    }

    @Test
    void everyFunctionsEnvironment_fitsFcs4KbLimit_withTheLargestRealisticSettings() throws IOException {
        Map<String, String> deployer = largestPlainSettings();
        Map<String, String> parameters = new HashMap<>(Keys.PLAIN.stackParameters());
        deployer.forEach((name, value) -> parameters.put(camel(name), value));
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, Map<String, DeployedFunction>> file : Map.of("s.yaml", fromServerlessDevs(deployer),
                "template.yml", fromRos(parameters)).entrySet()) {
            for (DeployedFunction f : file.getValue().values()) {
                int bytes = environmentBytes(f.environment);
                report.append(String.format("%-12s %-16s %4d of %d bytes, margin %d%n", file.getKey(), f.key, bytes,
                        FC_ENVIRONMENT_LIMIT_BYTES, FC_ENVIRONMENT_LIMIT_BYTES - bytes));
                assertTrue(bytes <= FC_ENVIRONMENT_LIMIT_BYTES, file.getKey() + " " + f.key + ": " + bytes
                        + " bytes of environment, FC allows " + FC_ENVIRONMENT_LIMIT_BYTES + "; move keys to KMS "
                        + "Secrets Manager (*_SECRET)");
            }
        }
        System.out.print("Function environments with the largest realistic settings (JSON size):\n" + report);
        assertTrue(environmentBytes(fromServerlessDevs(deployer).get("token").environment) > 2500,
                "the largest settings are large (the test measures something)");
    }

    /** The environment's size as one JSON object of its names and values (UTF-8), an upper bound of FC's count. */
    private static int environmentBytes(Map<String, String> environment) {
        com.google.gson.JsonObject json = new com.google.gson.JsonObject();
        environment.forEach(json::addProperty);
        return json.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void sharedResources_areExactlyTemplateYmlsTablestoreAndRoles_withTheSameParameters() throws IOException {
        Map<String, Object> shared = DeploymentFiles.load(SHARED);
        Map<String, Object> ros = DeploymentFiles.load(TEMPLATE);
        assertEquals("2015-09-01", shared.get("ROSTemplateFormatVersion"));
        Map<String, Object> sharedResources = map(shared.get("Resources"));
        assertEquals(List.of("TablestoreInstance", "TokenTable", "VideoTable", "TokenRole", "DecryptRole",
                "UploadCallbackRole", "PlaylistRole"), new ArrayList<>(sharedResources.keySet()));
        for (Map.Entry<String, Object> resource : sharedResources.entrySet()) {
            assertEquals(resource.getValue(), map(ros.get("Resources")).get(resource.getKey()),
                    resource.getKey() + " differs between shared-resources.yml and template.yml");
        }
        Set<String> refs = new TreeSet<>();
        collectRefs(sharedResources, refs);
        collectRefs(shared.get("Outputs"), refs);
        collectRefs(shared.get("Conditions"), refs);
        refs.removeIf(ref -> ref.startsWith("ALIYUN::") || sharedResources.containsKey(ref));
        for (Map.Entry<String, Object> condition : map(shared.get("Conditions")).entrySet()) {
            assertEquals(map(ros.get("Conditions")).get(condition.getKey()), condition.getValue(),
                    "condition " + condition.getKey() + " differs between shared-resources.yml and template.yml");
        }
        assertEquals(refs, map(shared.get("Parameters")).keySet(), "every parameter used, none undeclared");
        for (String parameter : refs) {
            assertEquals(map(ros.get("Parameters")).get(parameter), map(shared.get("Parameters")).get(parameter),
                    parameter);
        }
        for (String role : List.of("TokenRole", "DecryptRole", "UploadCallbackRole", "PlaylistRole")) {
            assertTrue(map(shared.get("Outputs")).values().stream().anyMatch(o -> map(map(o).get("Value")).equals(
                    Map.of("Fn::GetAtt", List.of(role, "Arn")))), role + "'s ARN is an output");
        }
    }

    @Test
    void tablestoreInstanceNames_inTheDocsAndTests_areOnesTablestoreAccepts() throws IOException {
        String guide = Files.readString(Paths.get("docs/deployment.md"), StandardCharsets.UTF_8);
        Matcher exported = Pattern.compile("export TABLESTORE_INSTANCE=([a-z0-9-]+)").matcher(guide);
        assertTrue(exported.find(), "docs/deployment.md exports TABLESTORE_INSTANCE");
        Pattern allowed = Pattern.compile(String.valueOf(map(map(DeploymentFiles.load(TEMPLATE).get("Parameters"))
                .get("TablestoreInstanceName")).get("AllowedPattern")));
        for (String name : List.of(exported.group(1), DEPLOYER_ENV.get("TABLESTORE_INSTANCE"))) {
            assertTrue(allowed.matcher(name).matches(), name);
            assertTrue(io.github.vodhls.core.config.Config.from(Map.of("TABLESTORE_INSTANCE", name))
                    .isSet(ConfigVariable.TABLESTORE_INSTANCE), name);
        }
        for (String refused : List.of("vodhls-ots", "alivideo", "payments1", "taobao-keys", "myadmin1")) {
            io.github.vodhls.core.error.ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.github.vodhls.core.error.ConfigurationException.class,
                    () -> io.github.vodhls.core.config.Config.from(Map.of("TABLESTORE_INSTANCE", refused)), refused);
            assertTrue(e.getMessage().contains("ali, ay, ots, taobao"), e.getMessage());
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
                    assertTrue(known.contains(name) || name.equals(JVM_OPTIONS), f.key + " sets " + name
                            + ", which no ConfigVariable reads");
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
    void everyVariableAFunctionIsGiven_isOneTheSchemaSaysItReads_andEveryRequiredOneIsGiven() throws IOException {
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (DeployedFunction f : file.values()) {
                io.github.vodhls.core.config.FunctionName function = io.github.vodhls.core.config.FunctionName.of(f.key);
                for (String name : f.environment.keySet()) {
                    assertTrue(name.equals(JVM_OPTIONS) || ConfigVariable.valueOf(name).usedBy(function), f.key
                            + " is given " + name
                            + ", which the schema says it does not read");
                }
                for (ConfigVariable variable : ConfigVariable.values()) {
                    if (variable.requiredBy(function)) {
                        assertTrue(f.environment.containsKey(variable.name()), f.key + " requires " + variable);
                    }
                }
            }
        }
    }

    /**
     * An option the JVM does not know stops it before the handler loads: every instance of every function would fail.
     * Runs this JDK (17; FC runs 11) with the files' options as JAVA_TOOL_OPTIONS, as FC passes them.
     */
    @Test
    void everyFunction_getsTheSameJvmOptions_fromBothFiles_andAJvmStartsWithThem() throws Exception {
        Set<String> options = new TreeSet<>();
        for (Map<String, DeployedFunction> file : bothFiles()) {
            for (DeployedFunction f : file.values()) {
                assertTrue(f.environment.containsKey(JVM_OPTIONS), f.key + " has no " + JVM_OPTIONS);
                options.add(f.environment.get(JVM_OPTIONS));
            }
        }
        assertEquals(1, options.size(), "one set of JVM options for every function in both files: " + options);
        ProcessBuilder java = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true);
        java.environment().put(JVM_OPTIONS, options.iterator().next());
        Process process = java.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("Picked up " + JVM_OPTIONS + ": " + options.iterator().next()), output);
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
    void roles_withVodKeys_grantVodsDataKeyOperationsAndNoKmsKeyPermission_andKeepKmsDecryptWhileAKeyIsNamed()
            throws IOException {
        for (KeyMode mode : List.of(KeyMode.VOD, KeyMode.VOD_AFTER_KMS)) {
            Map<String, Set<String>> keyPermissions = Map.of(
                    "token", Set.of("vod:GenerateKMSDataKey on *", "vod:GetPlayInfo on *"),
                    "decrypt", mode == KeyMode.VOD ? Set.of("vod:DecryptKMSDataKey on *")
                            : Set.of("vod:DecryptKMSDataKey on *", "kms:Decrypt on kms-key"),
                    "upload-callback", Set.of("vod:GenerateKMSDataKey on *", "vod:SubmitTranscodeJobs on *",
                            "vod:ListTranscodeTask on *", "vod:GetMezzanineInfo on *"),
                    "playlist", Set.of());
            for (Map<String, DeployedFunction> file : List.of(fromServerlessDevs(Keys.PLAIN.deployerEnv(mode)),
                    fromRos(Keys.PLAIN.stackParameters(mode)))) {
                for (DeployedFunction f : file.values()) {
                    Set<String> keys = f.permissions.stream()
                            .filter(p -> p.startsWith("vod:") || p.startsWith("kms:") && !p.startsWith("kms:GetSecret"))
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(new TreeSet<>(keyPermissions.get(f.key)), keys, mode + " " + f.key);
                    assertTrue(f.permissions.stream().noneMatch(p -> p.contains("unexpected resource")),
                            f.key + ": " + f.permissions);
                }
            }
        }
    }

    @Test
    void eachFunction_withVodKeys_buildsFromWhatTheFilesSet_withoutAKmsKey() throws Exception {
        for (KeyMode mode : List.of(KeyMode.VOD, KeyMode.VOD_AFTER_KMS)) {
            for (Map<String, DeployedFunction> file : List.of(fromServerlessDevs(Keys.PLAIN.deployerEnv(mode)),
                    fromRos(Keys.PLAIN.stackParameters(mode)))) {
                for (DeployedFunction f : file.values()) {
                    FunctionGraph graph = graph(f, new FakeSecrets());
                    graph.failure().ifPresent(problem -> fail(f.key + " (" + mode + ") does not build: "
                            + problem.getMessage()));
                    if (!f.key.equals("playlist")) {
                        assertEquals("vod", f.environment.get("KEY_SERVICE"), f.key);
                    }
                }
            }
        }
    }

    @Test
    void roles_grantEachFunctionOnlyWhatItCalls() throws IOException {
        String logs = "log:PostLogStoreLogs on logstore";
        String verificationKeys = "kms:GetSecretValue on secret token-verification-keys";
        Map<String, Set<String>> expected = Map.of(
                "token", Set.of("kms:GenerateDataKeyWithoutPlaintext on kms-key", "ots:GetRow on token-table",
                        "ots:PutRow on token-table", "ots:UpdateRow on token-table", "ots:GetRow on video-table",
                        "ots:PutRow on video-table", "vod:GetPlayInfo on *", logs,
                        "kms:GetSecretValue on secret token-signing-keys",
                        verificationKeys, "kms:GetSecretValue on secret api-key-sha256"),
                "decrypt", Set.of("kms:Decrypt on kms-key", "ots:GetRow on token-table",
                        "ots:UpdateRow on token-table", "ots:GetRow on video-table", logs, verificationKeys),
                "upload-callback", Set.of("kms:GenerateDataKeyWithoutPlaintext on kms-key", "ots:GetRow on video-table",
                        "ots:PutRow on video-table", "ots:UpdateRow on video-table", "vod:SubmitTranscodeJobs on *",
                        "vod:ListTranscodeTask on *", "vod:GetMezzanineInfo on *", logs, "kms:GetSecretValue on secret vod-callback-private-key"),
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
    void deploymentGuide_deploysNonInteractively_andSaysWhereTheServiceKeyComesFrom() throws IOException {
        String guide = Files.readString(Paths.get("docs/deployment.md"), StandardCharsets.UTF_8);
        assertTrue(guide.contains("s deploy -y"), "fc3 asks before overwriting a changed function; CI needs -y");
        assertFalse(guide.matches("(?s).*\\bs deploy\\s*(#|\\n).*"), "every s deploy in the guide has -y");
        for (String fact : List.of("alias/acs/vod", "GenerateKMSDataKey", "shared-resources.yml", "log:PostLogStoreLogs",
                "4 KB", "smoke --token-url")) {
            assertTrue(guide.contains(fact), "docs/deployment.md says nothing of " + fact);
        }
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
