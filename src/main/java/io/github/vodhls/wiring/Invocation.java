package io.github.vodhls.wiring;

/**
 * One invocation as the graph sees it: its request id, the role's credentials for it, and where its log lines go.
 * The functions layer makes one from FC's {@code Context}; the local stack and tests make their own. Nothing below the
 * functions layer sees an FC type.
 */
public interface Invocation {

    /** The platform's request id, or null. */
    String requestId();

    /** The function role's temporary credentials for this invocation, or null when the platform gives none. */
    Credentials credentials();

    /** Writes one log line, at error level when {@code error}. */
    void log(String line, boolean error);

    /** A role's temporary credentials: access key id, secret and STS token. {@link #toString()} shows the id only. */
    final class Credentials {
        private final String accessKeyId;
        private final String accessKeySecret;
        private final String securityToken;

        public Credentials(String accessKeyId, String accessKeySecret, String securityToken) {
            this.accessKeyId = accessKeyId;
            this.accessKeySecret = accessKeySecret;
            this.securityToken = securityToken;
        }

        public String accessKeyId() {
            return accessKeyId;
        }

        public String accessKeySecret() {
            return accessKeySecret;
        }

        public String securityToken() {
            return securityToken;
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + "]";
        }
    }

    /** Writes a line where an invocation would, or to standard output when there is no invocation. */
    static void log(Invocation invocation, String line, boolean error) {
        if (invocation == null) {
            System.out.println(line);
        } else {
            invocation.log(line, error);
        }
    }
}
