package io.github.vodhls.core.config;

/** The four functions, as configuration knows them (the names of their log lines and s.yaml resources). */
public enum FunctionName {
    TOKEN("token"), DECRYPT("decrypt"), PLAYLIST("playlist"), UPLOAD_CALLBACK("upload-callback");

    private final String label;

    FunctionName(String label) {
        this.label = label;
    }

    /** {@code token}, {@code decrypt}, {@code playlist} or {@code upload-callback}. */
    public String label() {
        return label;
    }

    /** The function of a label. */
    public static FunctionName of(String label) {
        for (FunctionName f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no function " + label);
    }
}
