package io.github.vodhls.adapters.aliyun;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * An ApsaraVideo VOD stand-in on {@code https://127.0.0.1:<port>/} for the real Aliyun SDK client, answering in
 * VOD's JSON (version 2017-03-21): {@code SubmitTranscodeJobs}, {@code ListTranscodeTask} and {@code GetMezzanineInfo};
 * VOD's data-key API, {@code GenerateKMSDataKey} (no parameter; {@code KeyId}, {@code CiphertextBlob},
 * {@code Plaintext}) and {@code DecryptKMSDataKey} ({@code CipherText}; {@code KeyId}, {@code Plaintext}); and
 * {@code GetPlayInfo} (the streams a test {@linkplain #playInfo gives} a video, in VOD's {@code PlayInfoList.PlayInfo[]}
 * shape). Data keys are real: random, wrapped with AES-256-GCM under a master key of the stand-in, as VOD's service key
 * would; a blob that does not open is refused as KMS refuses one ({@code InvalidParameter}, HTTP 400). Like {@link
 * LoopbackKms} (whose signature function it uses) it checks the RPC signature (HMAC-SHA1, version 1.0) against the one
 * allowed STS credential set, {@code Format=JSON}, POST to {@code /}, a fresh nonce; and it records every request's
 * parameters.
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
    private final LoopbackTimeline timeline = new LoopbackTimeline();
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec masterKey;
    private final String keyId = UUID.randomUUID().toString();
    private final Map<String, JsonArray> playInfos = new java.util.concurrent.ConcurrentHashMap<>();

    private LoopbackVod(String id, String secret, String token, KeyStore keyStore, char[] password)
            throws Exception {
        this.accessKeyId = id;
        this.accessKeySecret = secret;
        this.securityToken = token;
        byte[] master = new byte[32];
        random.nextBytes(master);
        this.masterKey = new SecretKeySpec(master, "AES");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, new SecureRandom());
        this.trustManager = LoopbackTls.trusting(keyStore, "vod");
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(timeline.configurator(tls));
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

    /**
     * {@code GetPlayInfo} of {@code videoId} answers these {@code PlayInfo} objects (VOD's JSON field names); an empty
     * array answers {@code InvalidVideo.NoneStream}, a video never given {@code InvalidVideo.NotFound}.
     */
    public LoopbackVod playInfo(String videoId, JsonArray streams) {
        playInfos.put(videoId, streams);
        return this;
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

    /** As {@link LoopbackKms#clients(RoleCredentials, LoopbackVod)}: trusting this stand-in and {@code kms}. */
    public AcsClients clients(RoleCredentials credentials, LoopbackKms kms) {
        return new AcsClients(AcsClients.Product.VOD, REGION, endpoint(), credentials, 1000, 3000,
                LoopbackTls.either(trustManager, kms.trustManager()));
    }

    /** When this stand-in saw connections open and requests arrive. */
    public LoopbackTimeline timeline() {
        return timeline;
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
        timeline.requested();
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
            long stall = 0;
            if (code == null) {
                try {
                    stall = serve(params, answer);
                    code = "OK";
                } catch (VodError e) {
                    status = e.status;
                    code = e.code;
                    answer = new JsonObject();
                }
            }
            if (!"OK".equals(code)) {
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

    /** Serves the action into {@code answer}; returns how long to hold the answer back (a stalled submission). */
    private long serve(Map<String, String> params, JsonObject answer) {
        String action = params.get("Action");
        switch (action) {
            case "SubmitTranscodeJobs":
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
                long stall = stallMillis;
                stallMillis = 0;
                return stall;
            case "ListTranscodeTask":
                JsonArray listed = new JsonArray();
                tasks.getOrDefault(params.get("VideoId"), List.of()).forEach(listed::add);
                answer.add("TranscodeTaskList", listed);
                return 0;
            case "GetMezzanineInfo":
                String status = mezzanines.get(params.get("VideoId"));
                if (status == null) {
                    throw new VodError(404, "InvalidVideo.NotFound");
                }
                JsonObject mezzanine = new JsonObject();
                mezzanine.addProperty("VideoId", params.get("VideoId"));
                mezzanine.addProperty("Status", status);
                mezzanine.addProperty("FileURL", "https://outin-example.oss-cn-shanghai.aliyuncs.com/source.mp4"
                        + "?Expires=1&OSSAccessKeyId=STS.example&Signature=must-not-be-read");
                mezzanine.addProperty("CreationTime", "2026-01-01T00:00:00Z");
                answer.add("Mezzanine", mezzanine);
                return 0;
            case "GenerateKMSDataKey":
                byte[] plaintext = new byte[16];
                random.nextBytes(plaintext);
                answer.addProperty("KeyId", keyId);
                answer.addProperty("CiphertextBlob", wrap(plaintext));
                answer.addProperty("Plaintext", Base64.getEncoder().encodeToString(plaintext));
                return 0;
            case "GetPlayInfo":
                JsonArray streams = playInfos.get(params.get("VideoId"));
                if (streams == null) {
                    throw new VodError(404, "InvalidVideo.NotFound");
                }
                if (streams.size() == 0) {
                    throw new VodError(404, "InvalidVideo.NoneStream");
                }
                JsonObject base = new JsonObject();
                base.addProperty("VideoId", params.get("VideoId"));
                base.addProperty("Status", "Normal");
                base.addProperty("MediaType", "video");
                answer.add("VideoBase", base);
                JsonObject list = new JsonObject();
                list.add("PlayInfo", streams.deepCopy());
                answer.add("PlayInfoList", list);
                return 0;
            case "DecryptKMSDataKey":
                answer.addProperty("KeyId", keyId);
                answer.addProperty("Plaintext", Base64.getEncoder().encodeToString(unwrap(params.get("CipherText"))));
                return 0;
            default:
                throw new VodError(400, "InvalidAction.NotFound");
        }
    }

    /** {@code base64(iv || AES-256-GCM(master key, iv, plaintext, aad = KeyId))}. */
    private String wrap(byte[] plaintext) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, iv));
            gcm.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = gcm.doFinal(plaintext);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] unwrap(String ciphertext) {
        try {
            byte[] blob = Base64.getDecoder().decode(ciphertext == null ? "" : ciphertext);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, blob, 0, 12));
            gcm.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return gcm.doFinal(blob, 12, blob.length - 12);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new VodError(400, "InvalidParameter");
        }
    }

    /** How many requests of this action were served (HTTP 200). */
    public long served(String action) {
        return calls().stream().filter(c -> action.equals(c.params.get("Action")) && c.status == 200).count();
    }

    /** An error answer: HTTP status and VOD error code. */
    private static final class VodError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        VodError(int status, String code) {
            super(code, null, false, false);
            this.status = status;
            this.code = code;
        }
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
