package io.github.vodhls.adapters.aliyun;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * An ApsaraVideo VOD stand-in on {@code https://127.0.0.1:<port>/} for the real Aliyun SDK client, answering
 * {@code SubmitTranscodeJobs}, {@code ListTranscodeTask} and {@code GetMezzanineInfo} (version 2017-03-21) in VOD's
 * JSON. Like {@link LoopbackKms} (whose signature function it uses) it checks the RPC signature (HMAC-SHA1, version
 * 1.0) against the one allowed STS credential set, {@code Format=JSON}, POST to {@code /}, a fresh nonce; and it
 * records every request's parameters.
 *
 * <p>It keeps what VOD keeps: the transcoding tasks that submissions made ({@code Trigger} {@code Manual}, with their
 * template group) and any {@link #autoTask upload-workflow task}, listed by ListTranscodeTask for the video; and the
 * mezzanine status of each {@link #uploaded uploaded} video, answered by GetMezzanineInfo (another id is
 * {@code InvalidVideo.NotFound}, 404). A submission can be {@link #stallNextAnswer stalled} after it was taken, as a
 * read timeout would lose its answer.
 */
public final class LoopbackVod implements AutoCloseable {
    public static final String REGION = "cn-shanghai";
    private static final String API_VERSION = "2017-03-21";

    /** One request: its decoded parameters, and the answer given. */
    public static final class Call {
        public final Map<String, String> params;
        public final int status;
        public final String code;

        Call(Map<String, String> params, int status, String code) {
            this.params = params;
            this.status = status;
            this.code = code;
        }

        @Override
        public String toString() {
            return params.get("Action") + " -> " + status + " " + code;
        }
    }

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String securityToken;
    private final List<String> nonces = Collections.synchronizedList(new ArrayList<>());
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<int[]> scriptedStatus = new ArrayDeque<>();
    private final Deque<String> scriptedCode = new ArrayDeque<>();
    private final List<String[]> scriptedByAction = new ArrayList<>();
    private final Map<String, List<JsonObject>> tasks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> mezzanines = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long stallMillis;
    private final X509TrustManager trustManager;
    private final HttpsServer server;

    private LoopbackVod(String id, String secret, String token, KeyStore keyStore, char[] password)
            throws Exception {
        this.accessKeyId = id;
        this.accessKeySecret = secret;
        this.securityToken = token;
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, new SecureRandom());
        this.trustManager = LoopbackTls.trusting(keyStore, "vod");
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a stand-in accepting only these credentials; its certificate is made with {@code keytool} in dir. */
    public static LoopbackVod start(Path dir, String accessKeyId, String accessKeySecret, String securityToken)
            throws Exception {
        LoopbackTls.SelfSigned certificate = LoopbackTls.selfSigned(dir, "vod");
        KeyStore keyStore = certificate.keyStore;
        char[] password = certificate.password;
        LoopbackTls.closeSdkHttpClient();
        return new LoopbackVod(accessKeyId, accessKeySecret, securityToken, keyStore, password);
    }

    /** The next correctly signed request gets this error answer. */
    public synchronized void failNext(int status, String code) {
        scriptedStatus.add(new int[] {status});
        scriptedCode.add(code);
    }

    /** The next correctly signed request of this action (e.g. {@code SubmitTranscodeJobs}) gets this error answer. */
    public synchronized void failNext(String action, int status, String code) {
        scriptedByAction.add(new String[] {action, Integer.toString(status), code});
    }

    /** The video's source is in VOD with this {@code Mezzanine.Status} (e.g. {@code Normal}, {@code Uploading}). */
    public void uploaded(String videoId, String mezzanineStatus) {
        mezzanines.put(videoId, mezzanineStatus);
    }

    /** The video has a task its upload workflow made ({@code Trigger} {@code Auto}) with this template group. */
    public void autoTask(String videoId, String templateGroupId) {
        tasks.computeIfAbsent(videoId, id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(task(videoId, templateGroupId, "Auto"));
    }

    /** The next submission is taken, then its answer waits this long (longer than the read timeout: lost). */
    public void stallNextAnswer(long millis) {
        stallMillis = millis;
    }

    /** The production {@link AcsClients} pointed at this stand-in, trusting its certificate. */
    public AcsClients clients(RoleCredentials credentials) {
        return clients(credentials, 3000);
    }

    /** As {@link #clients(RoleCredentials)}, with this read timeout. */
    public AcsClients clients(RoleCredentials credentials, long readTimeoutMillis) {
        return new AcsClients(AcsClients.Product.VOD, REGION, endpoint(), credentials, 1000, readTimeoutMillis,
                trustManager);
    }

    /** Trusts this stand-in's certificate only (for a client that talks to more than one stand-in). */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, oldest first. */
    public List<Call> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        LoopbackTls.closeSdkHttpClient();
    }


    private void handle(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> params = new TreeMap<>();
            LoopbackTls.parseForm(exchange.getRequestURI().getRawQuery(), params);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                LoopbackTls.parseForm(body, params);
            }
            String requestId = UUID.randomUUID().toString().toUpperCase();
            JsonObject answer = new JsonObject();
            int status = 200;
            String code = check(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), params);
            if (code == null) {
                synchronized (this) {
                    if (!scriptedStatus.isEmpty()) {
                        status = scriptedStatus.poll()[0];
                        code = scriptedCode.poll();
                    } else {
                        for (java.util.Iterator<String[]> it = scriptedByAction.iterator(); it.hasNext(); ) {
                            String[] failure = it.next();
                            if (failure[0].equals(params.get("Action"))) {
                                it.remove();
                                status = Integer.parseInt(failure[1]);
                                code = failure[2];
                                break;
                            }
                        }
                    }
                }
            } else {
                status = 400;
            }
            String action = params.get("Action");
            long stall = 0;
            if (code == null && !List.of("SubmitTranscodeJobs", "ListTranscodeTask", "GetMezzanineInfo")
                    .contains(action)) {
                status = 400;
                code = "InvalidAction.NotFound";
            }
            if (code == null && "GetMezzanineInfo".equals(action)
                    && !mezzanines.containsKey(params.get("VideoId"))) {
                status = 404;
                code = "InvalidVideo.NotFound";
            }
            if (code == null) {
                code = "OK";
                if ("SubmitTranscodeJobs".equals(action)) {
                    String taskId = "task-" + UUID.randomUUID().toString().replace("-", "");
                    JsonObject job = new JsonObject();
                    job.addProperty("JobId", "job-" + UUID.randomUUID().toString().replace("-", ""));
                    JsonArray jobs = new JsonArray();
                    jobs.add(job);
                    JsonObject wrapper = new JsonObject();
                    wrapper.add("TranscodeJob", jobs);
                    answer.add("TranscodeJobs", wrapper);
                    answer.addProperty("TranscodeTaskId", taskId);
                    JsonObject task = task(params.get("VideoId"), params.get("TemplateGroupId"), "Manual");
                    task.addProperty("TranscodeTaskId", taskId);
                    tasks.computeIfAbsent(params.get("VideoId"),
                            id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(task);
                    stall = stallMillis;
                    stallMillis = 0;
                } else if ("ListTranscodeTask".equals(action)) {
                    JsonArray list = new JsonArray();
                    tasks.getOrDefault(params.get("VideoId"), List.of()).forEach(list::add);
                    answer.add("TranscodeTaskList", list);
                } else {
                    JsonObject mezzanine = new JsonObject();
                    mezzanine.addProperty("VideoId", params.get("VideoId"));
                    mezzanine.addProperty("Status", mezzanines.get(params.get("VideoId")));
                    mezzanine.addProperty("FileURL", "https://outin-example.oss-cn-shanghai.aliyuncs.com/source.mp4"
                            + "?Expires=1&OSSAccessKeyId=STS.example&Signature=must-not-be-read");
                    mezzanine.addProperty("CreationTime", "2026-01-01T00:00:00Z");
                    answer.add("Mezzanine", mezzanine);
                }
            } else {
                answer.addProperty("Code", code);
                answer.addProperty("Message", "stand-in error");
                answer.addProperty("HostId", "vod." + REGION + ".aliyuncs.com");
            }
            answer.addProperty("RequestId", requestId);
            calls.add(new Call(Collections.unmodifiableMap(params), status, code));
            if (stall > 0) {
                try {
                    Thread.sleep(stall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.getResponseHeaders().set("x-acs-request-id", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    private static JsonObject task(String videoId, String templateGroupId, String trigger) {
        JsonObject task = new JsonObject();
        task.addProperty("TranscodeTaskId", "task-" + UUID.randomUUID().toString().replace("-", ""));
        task.addProperty("VideoId", videoId);
        task.addProperty("TaskStatus", "Processing");
        task.addProperty("TranscodeTemplateGroupId", templateGroupId);
        task.addProperty("Trigger", trigger);
        task.addProperty("CreationTime", "2026-01-01T00:00:00Z");
        return task;
    }

    /** The error code VOD would answer for a badly formed or signed request, or null. */
    private String check(String method, String path, Map<String, String> params) {
        for (String name : List.of("Action", "Version", "Format", "AccessKeyId", "SecurityToken", "SignatureMethod",
                "SignatureVersion", "SignatureNonce", "Timestamp", "Signature")) {
            if (params.get(name) == null || params.get(name).isEmpty()) {
                return "MissingParameter";
            }
        }
        if (!"POST".equals(method) || !"/".equals(path) || !API_VERSION.equals(params.get("Version"))
                || !"JSON".equals(params.get("Format"))) {
            return "InvalidParameter";
        }
        if (!accessKeyId.equals(params.get("AccessKeyId")) || !securityToken.equals(params.get("SecurityToken"))) {
            return "InvalidAccessKeyId.NotFound";
        }
        byte[] expected = Base64.getDecoder().decode(LoopbackKms.sign(method, params, accessKeySecret));
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(params.get("Signature"));
        } catch (IllegalArgumentException e) {
            actual = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            return "SignatureDoesNotMatch";
        }
        if (nonces.contains(params.get("SignatureNonce"))) {
            return "SignatureNonceUsed";
        }
        nonces.add(params.get("SignatureNonce"));
        return null;
    }


}
