package io.github.vodhls.local;

import io.github.vodhls.wiring.Invocation;
import java.io.PrintStream;

/** An invocation of the local stack: a request id, no cloud role, log lines on the stack's log stream. */
final class LocalInvocation implements Invocation {
    private final String requestId;
    private final String prefix;
    private final PrintStream log;

    LocalInvocation(String requestId, String functionName, PrintStream log) {
        this.requestId = requestId;
        this.prefix = "[" + functionName + " " + requestId + "] ";
        this.log = log;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    /** The local stack has no cloud role: adapters that need credentials are not used locally. */
    @Override
    public Credentials credentials() {
        return null;
    }

    @Override
    public void log(String line, boolean error) {
        log.println(prefix + (error ? "ERROR " : "INFO ") + line);
    }
}
