package io.github.vodhls.functions;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import io.github.vodhls.wiring.Invocation;

/** FC's {@link Context} as an {@link Invocation}: the only place the graph's view of an invocation meets FC's. */
final class FcInvocation implements Invocation {
    private final Context context;

    private FcInvocation(Context context) {
        this.context = context;
    }

    /** The invocation of an FC context; null for a null context (an initializer called without one). */
    static Invocation of(Context context) {
        return context == null ? null : new FcInvocation(context);
    }

    @Override
    public String requestId() {
        return context.getRequestId();
    }

    @Override
    public Invocation.Credentials credentials() {
        com.aliyun.fc.runtime.Credentials fc = context.getExecutionCredentials();
        return fc == null ? null : new Invocation.Credentials(fc.getAccessKeyId(), fc.getAccessKeySecret(),
                fc.getSecurityToken());
    }

    @Override
    public void log(String line, boolean error) {
        FunctionComputeLogger logger = context.getLogger();
        if (logger == null) {
            System.out.println(line);
        } else if (error) {
            logger.error(line);
        } else {
            logger.info(line);
        }
    }
}
