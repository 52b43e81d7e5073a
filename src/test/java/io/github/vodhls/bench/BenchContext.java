package io.github.vodhls.bench;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;

/**
 * The FC context of the benchmarks: its logger takes each request log line and keeps only its length, so the
 * benchmarks include building the line (as on FC) but not the console I/O, which on FC is the runtime's, not ours.
 */
final class BenchContext implements Context {
    static final BenchContext INSTANCE = new BenchContext();

    /** Characters logged so far (read so the lines cannot be optimised away). */
    volatile long loggedChars;

    private final FunctionComputeLogger logger = new FunctionComputeLogger() {
        private void take(String line) {
            loggedChars += line.length();
        }

        @Override
        public void trace(String s) {
            take(s);
        }

        @Override
        public void debug(String s) {
            take(s);
        }

        @Override
        public void info(String s) {
            take(s);
        }

        @Override
        public void warn(String s) {
            take(s);
        }

        @Override
        public void error(String s) {
            take(s);
        }

        @Override
        public void fatal(String s) {
            take(s);
        }

        @Override
        public void setLogLevel(Level level) {
        }
    };

    @Override
    public String getRequestId() {
        return "1-bench";
    }

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
}
