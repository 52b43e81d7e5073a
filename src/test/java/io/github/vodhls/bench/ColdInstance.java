package io.github.vodhls.bench;

import com.aliyun.fc.runtime.FunctionInitializer;
import com.aliyun.fc.runtime.StreamRequestHandler;
import io.github.vodhls.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;

/**
 * One cold FC instance, as FC's Java runtime runs it: a fresh JVM loads the handler class named by the function's
 * {@code handler}, creates it with its no-arg constructor (which reads the function's environment and builds the
 * graph), runs the initializer, then invokes it once with the event. Prints one line of timestamps (epoch
 * microseconds of the machine clock, so {@link CloudColdStartProbe} can place them among its stand-ins' own) and of
 * loaded class counts, then the response's status. Only the function runs in this JVM; the services it calls run in
 * the probe's.
 *
 * <p>Arguments: the handler class, the file holding the event.
 */
public final class ColdInstance {
    private ColdInstance() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Paths.get(args[1]));
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long main = micros();
        int classesAtMain = classes.getLoadedClassCount();
        Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = micros();
        int classesConstructed = classes.getLoadedClassCount();
        TestContext context = new TestContext("cold-start");
        ((FunctionInitializer) handler).initialize(context);
        long initialized = micros();
        int classesInitialized = classes.getLoadedClassCount();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamRequestHandler) handler).handleRequest(new ByteArrayInputStream(event), out, context);
        long answered = micros();
        int classesAnswered = classes.getLoadedClassCount();
        String response = new String(out.toByteArray(), StandardCharsets.UTF_8);
        String status = response.replaceAll("(?s).*\"statusCode\":(\\d+).*", "$1");
        System.out.println("cold-instance jvmStartMs=" + jvmStart + " main=" + main + " constructed=" + constructed
                + " initialized=" + initialized + " answered=" + answered + " classesMain=" + classesAtMain
                + " classesConstructed=" + classesConstructed + " classesInitialized=" + classesInitialized
                + " classesAnswered=" + classesAnswered + " cpuMicros=" + processCpuMicros() + " status=" + status);
        if (!"200".equals(status)) {
            // the probe prints this and stops: a failed request is no cold start
            System.out.println("response " + response.substring(0, Math.min(400, response.length())));
            System.out.println("log " + context.logText());
        }
        // the SDKs' client threads would keep the JVM alive; FC freezes the instance instead
        System.exit(0);
    }

    /** CPU time (user and system, all threads) this JVM has used so far: unlike wall time, barely moved by load. */
    static long processCpuMicros() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1000;
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
