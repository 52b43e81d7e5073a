package io.github.vodhls.local;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import java.io.PrintStream;

/** The FC {@link Context} the local server hands to the handlers: a request id and a logger on stderr. */
final class LocalContext implements Context {
    private final String requestId;
    private final FunctionComputeLogger logger;

    LocalContext(String requestId, String functionName, PrintStream log) {
        this.requestId = requestId;
        this.logger = new StreamLogger(functionName, requestId, log);
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    /** The local stack has no cloud role: adapters that need credentials are not used locally. */
    @Override
    public Credentials getExecutionCredentials() {
        return null;
    }

    @Override
    public FunctionParam getFunctionParam() {
        return null;
    }

    @Override
    public Service getService() {
        return null;
    }

    @Override
    public FunctionComputeLogger getLogger() {
        return logger;
    }

    @Override
    public OpenTracing getTracing() {
        return null;
    }

    @Override
    public int getRetryCount() {
        return 0;
    }

    private static final class StreamLogger implements FunctionComputeLogger {
        private final String prefix;
        private final PrintStream out;
        private volatile Level level = Level.INFO;

        StreamLogger(String function, String requestId, PrintStream out) {
            this.prefix = "[" + function + " " + requestId + "] ";
            this.out = out;
        }

        private void log(Level at, String message) {
            if (at.ordinal() >= level.ordinal()) {
                out.println(prefix + at + " " + message);
            }
        }

        @Override
        public void trace(String message) {
            log(Level.TRACE, message);
        }

        @Override
        public void debug(String message) {
            log(Level.DEBUG, message);
        }

        @Override
        public void info(String message) {
            log(Level.INFO, message);
        }

        @Override
        public void warn(String message) {
            log(Level.WARN, message);
        }

        @Override
        public void error(String message) {
            log(Level.ERROR, message);
        }

        @Override
        public void fatal(String message) {
            log(Level.FATAL, message);
        }

        @Override
        public void setLogLevel(Level level) {
            this.level = level;
        }
    }
}
