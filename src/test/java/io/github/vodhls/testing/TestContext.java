package io.github.vodhls.testing;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A fake FC {@link Context} whose logger records every line, so tests can assert what is (not) logged. */
public final class TestContext implements Context {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final String requestId;

    public TestContext() {
        this("test-request-1");
    }

    public TestContext(String requestId) {
        this.requestId = requestId;
    }

    /** Every logged line, prefixed with its level, e.g. {@code ERROR request failed: ...}. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The request log lines (the JSON object after the level), in order. */
    public List<JsonObject> requestLogLines() {
        List<JsonObject> json = new ArrayList<>();
        for (String line : lines()) {
            int brace = line.indexOf('{');
            if (brace >= 0) {
                json.add(JsonParser.parseString(line.substring(brace)).getAsJsonObject());
            }
        }
        return json;
    }

    /** The last request log line; fails when nothing was logged. */
    public JsonObject lastRequestLogLine() {
        List<JsonObject> json = requestLogLines();
        if (json.isEmpty()) {
            throw new AssertionError("no request log line; lines: " + lines());
        }
        return json.get(json.size() - 1);
    }

    /** All logged lines joined by newlines. */
    public String logText() {
        return String.join("\n", lines());
    }

    @Override
    public String getRequestId() {
        return requestId;
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

    private final FunctionComputeLogger logger = new FunctionComputeLogger() {
        @Override
        public void trace(String s) {
            lines.add("TRACE " + s);
        }

        @Override
        public void debug(String s) {
            lines.add("DEBUG " + s);
        }

        @Override
        public void info(String s) {
            lines.add("INFO " + s);
        }

        @Override
        public void warn(String s) {
            lines.add("WARN " + s);
        }

        @Override
        public void error(String s) {
            lines.add("ERROR " + s);
        }

        @Override
        public void fatal(String s) {
            lines.add("FATAL " + s);
        }

        @Override
        public void setLogLevel(Level level) {
        }
    };
}
