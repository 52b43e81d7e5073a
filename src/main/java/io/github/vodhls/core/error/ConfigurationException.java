package io.github.vodhls.core.error;

/**
 * A configuration variable is missing or invalid ({@link ErrorCode#CONFIGURATION_INVALID}); the message names the
 * variable but never echoes a secret.
 */
public class ConfigurationException extends VodHlsException {
    private static final long serialVersionUID = 1L;
    private final String variable;

    public ConfigurationException(String variable, String problem) {
        super(ErrorCode.CONFIGURATION_INVALID, variable + ": " + problem);
        this.variable = variable;
    }

    /** Several problems at once: the variables joined by {@code ", "}, the messages by {@code "; "}. */
    public ConfigurationException(java.util.List<ConfigurationException> problems) {
        super(ErrorCode.CONFIGURATION_INVALID, problems.stream().map(VodHlsException::getMessage)
                .collect(java.util.stream.Collectors.joining("; ")));
        this.variable = problems.stream().map(ConfigurationException::variable)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The variable (or, for several problems, the variables joined by {@code ", "}). */
    public String variable() {
        return variable;
    }
}
