package io.github.vodhls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads {@code s.yaml} (Serverless Devs 3, component fc3) and {@code template.yml} (ROS) into one neutral description
 * per function, resolving their expressions as Serverless Devs and ROS would for a deployer environment (s.yaml's
 * {@code ${env('NAME')}}) or stack parameters (template.yml's {@code Ref}) that the test chooses.
 */
final class DeploymentFiles {
    static final String REGION = "cn-shanghai";
    static final String ACCOUNT = "1234567890123456";

    /** What one function is, in either file. */
    static final class DeployedFunction {
        /** token, decrypt, upload-callback or playlist: the s.yaml resource name. */
        String key;
        String functionName;
        String handler;
        String initializer;
        String runtime;
        Object memorySize;
        Object cpu;
        Object diskSize;
        Object timeout;
        Object initializerTimeout;
        final Map<String, String> environment = new LinkedHashMap<>();
        String triggerType;
        String authType;
        final List<String> methods = new ArrayList<>();
        boolean logConfigured;
        /** {@code action on resource-kind}, resource kinds: kms-key, token-table, video-table, *. */
        final Set<String> permissions = new TreeSet<>();
        /** The role's ARN as the function's {@code role} names it. */
        String role;
        /** The RAM principal services trusted to assume the function's role. */
        final Set<String> trustedServices = new TreeSet<>();

        /** Everything both files must agree on, as text. */
        String comparable() {
            return String.join("\n", "functionName=" + functionName, "handler=" + handler,
                    "initializer=" + initializer, "runtime=" + runtime, "memorySize=" + number(memorySize),
                    "cpu=" + number(cpu), "diskSize=" + number(diskSize), "timeout=" + number(timeout),
                    "initializerTimeout=" + number(initializerTimeout), "env=" + new TreeSet<>(environment.keySet()),
                    "trigger=" + triggerType + " " + authType + " " + methods, "log=" + logConfigured,
                    "permissions=" + permissions, "trusts=" + trustedServices);
        }

        private static String number(Object value) {
            return value == null ? "null" : String.valueOf(Double.parseDouble(String.valueOf(value)));
        }

        @Override
        public String toString() {
            return key;
        }
    }

    private DeploymentFiles() {
    }

    static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Yaml().load(reader);
        }
    }

    // ---------------------------------------------------------------- s.yaml

    /**
     * The fc3 functions of s.yaml, in file order, with the resolver's deployer environment applied; each function's
     * role is looked up by name among the roles of {@code shared} (shared-resources.yml, created with the same
     * NamePrefix), whose policies give its permissions.
     */
    static List<DeployedFunction> fromServerlessDevs(Map<String, Object> yaml, SdResolver resolver,
            Map<String, Object> shared) {
        Map<String, String> deployerEnv = resolver.deployerEnv;
        Map<String, Object> resources = map(yaml.get("resources"));
        List<DeployedFunction> functions = new ArrayList<>();
        Map<String, String> sharedParameters = new HashMap<>();
        sharedParameters.put("NamePrefix", deployerEnv.getOrDefault("NAME_PREFIX", "vod-hls"));
        sharedParameters.put("KmsKeyId", deployerEnv.getOrDefault("KMS_KEY_ID", ""));
        if (!deployerEnv.getOrDefault("KEY_SERVICE", "").isEmpty()) {
            sharedParameters.put("KeyService", deployerEnv.get("KEY_SERVICE"));
        }
        sharedParameters.put("TablestoreInstanceName", deployerEnv.get("TABLESTORE_INSTANCE"));
        sharedParameters.put("SlsProject", deployerEnv.get("SLS_PROJECT"));
        sharedParameters.put("SlsLogstore", deployerEnv.get("SLS_LOGSTORE"));
        if (deployerEnv.containsKey("TABLESTORE_TOKEN_TABLE")) {
            sharedParameters.put("TokenTableName", deployerEnv.get("TABLESTORE_TOKEN_TABLE"));
        }
        if (deployerEnv.containsKey("TABLESTORE_VIDEO_TABLE")) {
            sharedParameters.put("VideoTableName", deployerEnv.get("TABLESTORE_VIDEO_TABLE"));
        }
        RosResolver sharedResolver = new RosResolver(shared, sharedParameters);
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> r = map(resource.getValue());
            if (!"fc3".equals(r.get("component"))) {
                continue;
            }
            Map<String, Object> props = renderedProps(yaml, resource.getKey(), resolver);
            DeployedFunction f = new DeployedFunction();
            f.key = resource.getKey();
            readFunction(f, props, false, resolver::string);
            List<Object> triggers = list(props.get("triggers"));
            if (triggers.size() == 1) {
                readTrigger(f, map(triggers.get(0)), false);
            }
            String role = resolver.string(props.get("role"));
            f.role = role;
            for (Object value : map(shared.get("Resources")).values()) {
                Map<String, Object> ram = map(value);
                if (!"ALIYUN::RAM::Role".equals(ram.get("Type"))) {
                    continue;
                }
                Map<String, Object> roleProps = map(ram.get("Properties"));
                String roleArn = "acs:ram::" + ACCOUNT + ":role/" + sharedResolver.string(roleProps.get("RoleName"));
                if (roleArn.equals(role)) {
                    readRole(f, roleProps, sharedResolver);
                }
            }
            functions.add(f);
        }
        return functions;
    }

    /**
     * One resource's props as the fc3 component receives them: the template named by {@code extend} deep-merged
     * under the props (maps merged, lists replaced), every {@code ${...}} resolved.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> renderedProps(Map<String, Object> yaml, String resource, SdResolver resolver) {
        Map<String, Object> r = map(map(yaml.get("resources")).get(resource));
        Map<String, Object> templates = yaml.containsKey("template") ? map(yaml.get("template")) : Map.of();
        Map<String, Object> props = map(r.get("props"));
        if (r.containsKey("extend")) {
            props = deepMerge(map(templates.get(map(r.get("extend")).get("name"))), props);
        }
        return (Map<String, Object>) resolver.render(props);
    }

    /** Resolves s.yaml's {@code ${...}} expressions: env, vars, config and other resources' props. */
    static final class SdResolver {
        private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(.+?)\\}");
        private static final Pattern ENV = Pattern.compile("env\\('([A-Za-z0-9_]+)'(?:\\s*,\\s*'([^']*)')?\\)");
        private final Map<String, Object> yaml;
        private final Map<String, String> deployerEnv;
        /** Variables read from the deployer's environment without a default: the ones a deployment must set. */
        final Set<String> requiredFromDeployer = new TreeSet<>();

        SdResolver(Map<String, Object> yaml, Map<String, String> deployerEnv) {
            this.yaml = yaml;
            this.deployerEnv = deployerEnv;
        }

        /** A copy of a YAML tree with every string's expressions resolved (numbers and booleans kept). */
        Object render(Object node) {
            if (node instanceof Map) {
                Map<String, Object> out = new LinkedHashMap<>();
                map(node).forEach((k, v) -> out.put(k, render(v)));
                return out;
            }
            if (node instanceof List) {
                List<Object> out = new ArrayList<>();
                list(node).forEach(v -> out.add(render(v)));
                return out;
            }
            return node instanceof String ? string(node) : node;
        }

        String string(Object value) {
            if (value == null) {
                return "";
            }
            if (!(value instanceof String)) {
                return String.valueOf(value);
            }
            Matcher m = EXPRESSION.matcher((String) value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(expression(m.group(1).trim())));
            }
            m.appendTail(out);
            return out.toString();
        }

        private String expression(String expression) {
            Matcher env = ENV.matcher(expression);
            if (env.matches()) {
                String name = env.group(1);
                if (env.group(2) == null) {
                    requiredFromDeployer.add(name);
                    String value = deployerEnv.get(name);
                    if (value == null) {
                        throw new AssertionError("s.yaml reads ${env('" + name + "')} without a default: the test "
                                + "needs a valid value for it in its deployer environment");
                    }
                    return value;
                }
                return deployerEnv.getOrDefault(name, env.group(2));
            }
            if (expression.startsWith("vars.")) {
                return string(path(map(yaml.get("vars")), expression.substring("vars.".length())));
            }
            if (expression.equals("config('AccountID')")) {
                return ACCOUNT;
            }
            if (expression.startsWith("resources.")) {
                String[] parts = expression.split("\\.", 3);
                Map<String, Object> resource = map(map(yaml.get("resources")).get(parts[1]));
                if (!parts[2].startsWith("props.")) {
                    throw new AssertionError("only props of other resources are resolved, not " + expression);
                }
                return string(path(map(resource.get("props")), parts[2].substring("props.".length())));
            }
            throw new AssertionError("unknown Serverless Devs expression ${" + expression + "}");
        }
    }

    // ---------------------------------------------------------------- template.yml

    /** The ALIYUN::FC3::Function resources of the ROS template with their triggers and roles. */
    static List<DeployedFunction> fromRos(Map<String, Object> template, Map<String, String> parameterValues) {
        RosResolver resolver = new RosResolver(template, parameterValues);
        Map<String, Object> resources = map(template.get("Resources"));
        List<DeployedFunction> functions = new ArrayList<>();
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> r = map(resource.getValue());
            if (!"ALIYUN::FC3::Function".equals(r.get("Type"))) {
                continue;
            }
            Map<String, Object> props = map(r.get("Properties"));
            DeployedFunction f = new DeployedFunction();
            f.key = kebab(resource.getKey().replaceFirst("Function$", ""));
            readFunction(f, props, true, resolver::string);
            for (Object value : resources.values()) {
                Map<String, Object> trigger = map(value);
                if ("ALIYUN::FC3::Trigger".equals(trigger.get("Type"))
                        && getAtt(map(trigger.get("Properties")).get("FunctionName")).equals(resource.getKey())) {
                    readTrigger(f, map(trigger.get("Properties")), true);
                }
            }
            Map<String, Object> role = map(map(resources.get(getAtt(props.get("Role")))).get("Properties"));
            f.role = "acs:ram::" + ACCOUNT + ":role/" + resolver.string(role.get("RoleName"));
            readRole(f, role, resolver);
            functions.add(f);
        }
        return functions;
    }

    /** The trusted services and the permissions of an ALIYUN::RAM::Role's properties. */
    private static void readRole(DeployedFunction f, Map<String, Object> role, RosResolver resolver) {
        for (Object statement : list(map(role.get("AssumeRolePolicyDocument")).get("Statement"))) {
            Object services = map(map(statement).get("Principal")).get("Service");
            list(services).forEach(s -> f.trustedServices.add(String.valueOf(s)));
        }
        for (Object policy : list(resolver.node(role.get("Policies")))) {
            addPermissions(f, list(map(map(policy).get("PolicyDocument")).get("Statement")), resolver::string,
                    resolver.deployerView());
        }
    }

    /** The resource a {@code Fn::GetAtt: [Resource, Attribute]} names. */
    static String getAtt(Object value) {
        List<Object> getAtt = list(map(value).get("Fn::GetAtt"));
        return getAtt.isEmpty() ? "" : String.valueOf(getAtt.get(0));
    }

    /** Resolves ROS's Ref, Fn::Sub and Fn::GetAtt for given parameter values (else their defaults). */
    static final class RosResolver {
        private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_:.]+)\\}");
        private final Map<String, Object> parameters;
        private final Map<String, Object> conditions;
        private final Map<String, String> values;

        RosResolver(Map<String, Object> template, Map<String, String> values) {
            this.parameters = map(template.get("Parameters"));
            this.conditions = map(template.get("Conditions"));
            this.values = values;
        }

        /** A named condition of the template: Fn::Equals, Fn::Not, Fn::And, Fn::Or over parameters. */
        boolean condition(String name) {
            if (!conditions.containsKey(name)) {
                throw new AssertionError("Fn::If names an undeclared condition " + name);
            }
            return evaluate(conditions.get(name));
        }

        private boolean evaluate(Object expression) {
            Map<String, Object> function = map(expression);
            if (function.containsKey("Fn::Equals")) {
                List<Object> operands = list(function.get("Fn::Equals"));
                return string(operands.get(0)).equals(string(operands.get(1)));
            }
            if (function.containsKey("Fn::Not")) {
                return !evaluate(list(function.get("Fn::Not")).get(0));
            }
            if (function.containsKey("Fn::And")) {
                return list(function.get("Fn::And")).stream().allMatch(this::evaluate);
            }
            if (function.containsKey("Fn::Or")) {
                return list(function.get("Fn::Or")).stream().anyMatch(this::evaluate);
            }
            if (function.containsKey("Condition")) {
                return condition(String.valueOf(function.get("Condition")));
            }
            throw new AssertionError("unknown ROS condition function " + function.keySet());
        }

        /**
         * A copy of a YAML tree with every {@code Fn::If} replaced by the branch its condition picks (a branch that is
         * {@code Ref: ALIYUN::NoValue} drops the list item or map entry); other functions are left for
         * {@link #string}.
         */
        Object node(Object value) {
            if (value instanceof Map) {
                Map<String, Object> function = map(value);
                if (function.size() == 1 && function.containsKey("Fn::If")) {
                    List<Object> branches = list(function.get("Fn::If"));
                    return node(branches.get(condition(String.valueOf(branches.get(0))) ? 1 : 2));
                }
                Map<String, Object> out = new LinkedHashMap<>();
                function.forEach((k, v) -> {
                    Object resolved = node(v);
                    if (!isNoValue(resolved)) {
                        out.put(k, resolved);
                    }
                });
                return out;
            }
            if (value instanceof List) {
                List<Object> out = new ArrayList<>();
                for (Object item : list(value)) {
                    Object resolved = node(item);
                    if (!isNoValue(resolved)) {
                        out.add(resolved);
                    }
                }
                return out;
            }
            return value;
        }

        private static boolean isNoValue(Object value) {
            return value instanceof Map && "ALIYUN::NoValue".equals(map(value).get("Ref"));
        }

        String parameter(String name) {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            Map<String, Object> parameter = map(parameters.get(name));
            if (parameter.isEmpty()) {
                throw new AssertionError("Ref to an undeclared parameter " + name);
            }
            if (!parameter.containsKey("Default")) {
                throw new AssertionError("parameter " + name + " is required: the test needs a valid value for it");
            }
            return String.valueOf(parameter.get("Default"));
        }

        String string(Object value) {
            if (value instanceof Map) {
                Map<String, Object> function = map(value);
                if (function.containsKey("Ref")) {
                    return pseudo(String.valueOf(function.get("Ref")));
                }
                if (function.containsKey("Fn::Sub")) {
                    Matcher m = VARIABLE.matcher(String.valueOf(function.get("Fn::Sub")));
                    StringBuilder out = new StringBuilder();
                    while (m.find()) {
                        m.appendReplacement(out, Matcher.quoteReplacement(pseudo(m.group(1))));
                    }
                    m.appendTail(out);
                    return out.toString();
                }
                if (function.containsKey("Fn::GetAtt")) {
                    return "<" + getAtt(value) + ">";
                }
                if (function.containsKey("Fn::If")) {
                    List<Object> branches = list(function.get("Fn::If"));
                    return string(branches.get(condition(String.valueOf(branches.get(0))) ? 1 : 2));
                }
                throw new AssertionError("unknown ROS function " + function.keySet());
            }
            return value == null ? "" : String.valueOf(value);
        }

        private String pseudo(String name) {
            switch (name) {
                case "ALIYUN::Region":
                    return REGION;
                case "ALIYUN::TenantId":
                    return ACCOUNT;
                default:
                    if (name.contains(".")) {
                        return "<" + name + ">";
                    }
                    return parameter(name);
            }
        }

        /** The stack's settings under the names of s.yaml's environment, for classifying resource names. */
        Map<String, String> deployerView() {
            return Map.of("KMS_KEY_ID", parameter("KmsKeyId"), "TABLESTORE_INSTANCE", parameter("TablestoreInstanceName"),
                    "TABLESTORE_TOKEN_TABLE", parameter("TokenTableName"),
                    "TABLESTORE_VIDEO_TABLE", parameter("VideoTableName"), "SLS_PROJECT", parameter("SlsProject"),
                    "SLS_LOGSTORE", parameter("SlsLogstore"), "NAME_PREFIX", parameter("NamePrefix"));
        }
    }

    // ---------------------------------------------------------------- shared

    /**
     * Reads a function's properties: fc3 props and ROS properties are the same FC 3.0 fields, lowerCamel in s.yaml
     * and UpperCamel in ROS.
     */
    private static void readFunction(DeployedFunction f, Map<String, Object> props, boolean ros,
            Function<Object, String> resolve) {
        UnaryOperator<String> key = ros
                ? k -> Character.toUpperCase(k.charAt(0)) + k.substring(1) : k -> k;
        f.functionName = resolve.apply(props.get(key.apply("functionName")));
        f.handler = resolve.apply(props.get(key.apply("handler")));
        Map<String, Object> initializer = map(map(props.get(key.apply("instanceLifecycleConfig")))
                .get(key.apply("initializer")));
        f.initializer = resolve.apply(initializer.get(key.apply("handler")));
        f.initializerTimeout = initializer.get(key.apply("timeout"));
        f.runtime = resolve.apply(props.get(key.apply("runtime")));
        f.memorySize = props.get(key.apply("memorySize"));
        f.cpu = props.get(key.apply("cpu"));
        f.diskSize = props.get(key.apply("diskSize"));
        f.timeout = props.get(key.apply("timeout"));
        for (Map.Entry<String, Object> e : map(props.get(key.apply("environmentVariables"))).entrySet()) {
            f.environment.put(e.getKey(), resolve.apply(e.getValue()));
        }
        Map<String, Object> log = map(props.get(key.apply("logConfig")));
        f.logConfigured = !resolve.apply(log.get(key.apply("project"))).isEmpty()
                && !resolve.apply(log.get(key.apply("logstore"))).isEmpty();
    }

    /** Reads an HTTP trigger (its config keys are lowerCamel in both files: FC's own JSON). */
    private static void readTrigger(DeployedFunction f, Map<String, Object> trigger, boolean ros) {
        f.triggerType = String.valueOf(trigger.get(ros ? "TriggerType" : "triggerType"));
        Map<String, Object> config = map(trigger.get(ros ? "TriggerConfig" : "triggerConfig"));
        f.authType = String.valueOf(config.get("authType"));
        list(config.get("methods")).forEach(m -> f.methods.add(String.valueOf(m)));
    }

    /** Adds {@code action on kind} for each allowed statement, naming each resource by what it is. */
    private static void addPermissions(DeployedFunction f, List<Object> statements,
            Function<Object, String> resolve, Map<String, String> names) {
        Map<String, String> kinds = new LinkedHashMap<>();
        // any region: KMS_REGION may differ from the functions' region; the key id alone names one key
        kinds.put("acs:kms:*:" + ACCOUNT + ":key/" + names.get("KMS_KEY_ID"), "kms-key");
        String instance = "acs:ots:" + REGION + ":" + ACCOUNT + ":instance/" + names.get("TABLESTORE_INSTANCE")
                + "/table/";
        kinds.put(instance + names.getOrDefault("TABLESTORE_TOKEN_TABLE", "vod_hls_tokens"), "token-table");
        kinds.put(instance + names.getOrDefault("TABLESTORE_VIDEO_TABLE", "vod_hls_videos"), "video-table");
        kinds.put("acs:log:" + REGION + ":" + ACCOUNT + ":project/" + names.get("SLS_PROJECT") + "/logstore/"
                + names.get("SLS_LOGSTORE"), "logstore");
        for (String secret : List.of("token-signing-keys", "token-verification-keys", "api-key-sha256",
                "vod-callback-private-key")) {
            kinds.put("acs:kms:*:" + ACCOUNT + ":secret/" + names.get("NAME_PREFIX") + "-" + secret, "secret " + secret);
        }
        kinds.put("*", "*");
        for (Object s : statements) {
            Map<String, Object> statement = map(s);
            if (!"Allow".equals(statement.get("Effect"))) {
                throw new AssertionError("only Allow statements are expected: " + statement);
            }
            Set<String> resources = new LinkedHashSet<>();
            Object resource = statement.get("Resource");
            for (Object r : resource instanceof List ? list(resource) : List.of(resource)) {
                String arn = resolve.apply(r);
                resources.add(kinds.getOrDefault(arn, "unexpected resource " + arn));
            }
            Object action = statement.get("Action");
            for (Object a : action instanceof List ? list(action) : List.of(action)) {
                for (String kind : resources) {
                    f.permissions.add(a + " on " + kind);
                }
            }
        }
    }

    /** {@code template} with {@code props} merged in, as Serverless Devs' extend does (maps deep, lists replaced). */
    static Map<String, Object> deepMerge(Map<String, Object> template, Map<String, Object> props) {
        Map<String, Object> merged = new LinkedHashMap<>(template);
        for (Map.Entry<String, Object> e : props.entrySet()) {
            Object base = merged.get(e.getKey());
            if (base instanceof Map && e.getValue() instanceof Map) {
                merged.put(e.getKey(), deepMerge(map(base), map(e.getValue())));
            } else {
                merged.put(e.getKey(), e.getValue());
            }
        }
        return merged;
    }

    private static Object path(Map<String, Object> root, String dotted) {
        Object current = root;
        for (String part : dotted.split("\\.")) {
            current = map(current).get(part);
        }
        return current;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** {@code SOME_NAME} as {@code SomeName}: the ROS parameter for an environment variable. */
    static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.toLowerCase(Locale.ROOT).split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }
}
