package io.github.vodhls.core.error;

/** A configuration variable is missing or invalid; the message names the variable but never echoes a secret. */
public class ConfigurationException extends VodHlsException {
    private static final long serialVersionUID = 1L;
    private final String variable;

    public ConfigurationException(String variable, String problem) {
        super(ErrorCode.CONFIGURATION_INVALID, variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
