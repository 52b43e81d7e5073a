package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.http.clients.ApacheHttpClient;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * A KMS stand-in on {@code https://127.0.0.1:<port>/} for the real Aliyun SDK client: a self-signed certificate made
 * by the JDK's {@code keytool}, the RPC API (Action {@code GenerateDataKey} / {@code Decrypt} / {@code GetSecretValue},
 * version 2016-01-20)
 * answered in KMS's JSON, data keys wrapped with AES-256-GCM under a per-instance master key.
 *
 * <p>Every request must be signed like Alibaba Cloud RPC requests: {@code AccessKeyId}, {@code SecurityToken},
 * {@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0}, a fresh {@code SignatureNonce}, a
 * {@code Timestamp} within 15 minutes, and {@code Signature = base64(HMAC-SHA1(secret + "&", StringToSign))} with
 * {@code StringToSign = method + "&" + percentEncode("/") + "&" + percentEncode(canonicalized sorted parameters)}.
 * Only credentials {@linkplain #allow allowed} are accepted. Every request is recorded as a {@link Call}.
 *
 * <p>The SDK sends every {@code DefaultAcsClient}'s requests through one JVM-wide {@link ApacheHttpClient}, set up
 * (trust managers, pool, default timeouts) by the first client built and left open by
 * {@code DefaultAcsClient.shutdown()}. Each stand-in has its own certificate, so {@link #start} and {@link #close}
 * close that shared client: the next {@link #clients} builds it afresh with this stand-in's trust.
 */
public final class LoopbackKms implements AutoCloseable {
    public static final String REGION = "cn-shanghai";
    private static final String API_VERSION = "2016-01-20";
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    /** One request as the stand-in saw it, and the answer it gave. */
    public static final class Call {
        public final String action;
        public final String accessKeyId;
        public final String securityToken;
        public final int status;
        public final String code;

        Call(String action, String accessKeyId, String securityToken, int status, String code) {
            this.action = action;
            this.accessKeyId = accessKeyId;
            this.securityToken = securityToken;
            this.status = status;
            this.code = code;
        }

        @Override
        public String toString() {
            return action + " by " + accessKeyId + " -> " + status + " " + code;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec masterKey;
    private final String keyId = UUID.randomUUID().toString();
    private final String keyVersionId = UUID.randomUUID().toString();
    private final String alias;
    private final Map<String, String[]> secretAndTokenById = new ConcurrentHashMap<>();
    private final Set<String> nonces = Collections.synchronizedSet(new HashSet<>());
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<KmsError> scripted = new ArrayDeque<>();
    private final Map<String, String[]> secrets = new ConcurrentHashMap<>();
    private final Set<String> deniedSecrets = ConcurrentHashMap.newKeySet();
    private final X509TrustManager trustManager;
    private final HttpsServer server;
    private final LoopbackTimeline timeline = new LoopbackTimeline();
    /** Serves requests in parallel, so that a stalled answer does not hold up the next request. */
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
    private final Deque<Fault> faults = new ArrayDeque<>();

    /** What the next request's connection suffers instead of (or before) a normal answer. */
    private static final class Fault {
        final Duration delay;
        final boolean drop;

        Fault(Duration delay, boolean drop) {
            this.delay = delay;
            this.drop = drop;
        }
    }

    private LoopbackKms(String alias, KeyStore keyStore, char[] password) throws Exception {
        this.alias = alias;
        byte[] master = new byte[32];
        random.nextBytes(master);
        this.masterKey = new SecretKeySpec(master, "AES");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, random);
        this.trustManager = LoopbackTls.trusting(keyStore, "kms");
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(timeline.configurator(tls));
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /**
     * Starts a stand-in whose one CMK is reachable as {@code alias}; its key store is made with {@code keytool} in
     * {@code dir}, for {@code 127.0.0.1} (subject alternative name), valid for a day.
     */
    public static LoopbackKms start(Path dir, String alias) throws Exception {
        LoopbackTls.SelfSigned certificate = LoopbackTls.selfSigned(dir, "kms");
        KeyStore keyStore = certificate.keyStore;
        char[] password = certificate.password;
        LoopbackTls.closeSdkHttpClient();
        return new LoopbackKms(alias, keyStore, password);
    }

    /** Accepts requests signed with these credentials from now on. */
    public LoopbackKms allow(String accessKeyId, String accessKeySecret, String securityToken) {
        secretAndTokenById.put(accessKeyId, new String[] {accessKeySecret, securityToken});
        return this;
    }

    /**
     * Stores a new current version ({@code ACSCurrent}) of a text secret, as {@code PutSecretValue} would: the next
     * {@code GetSecretValue} answers it.
     */
    public LoopbackKms putSecret(String name, String value) {
        secrets.put(name, new String[] {value, UUID.randomUUID().toString()});
        return this;
    }

    /** {@code GetSecretValue} of this secret is refused as RAM refuses a role without {@code kms:GetSecretValue}. */
    public LoopbackKms denySecret(String name) {
        deniedSecrets.add(name);
        return this;
    }

    /** Refuses requests signed with this access key id from now on (an expired STS key). */
    public void revoke(String accessKeyId) {
        secretAndTokenById.remove(accessKeyId);
    }

    /** The next correctly signed request gets this error answer instead of being served. */
    public synchronized void failNext(int status, String code) {
        scripted.add(new KmsError(status, code, "scripted failure"));
    }

    /**
     * The next request is read, then answered only after {@code delay} (a client with a shorter read timeout has
     * given up by then: a KMS that does not answer in time). The request is served, so a data key it asks for is
     * made all the same.
     */
    public synchronized void answerNextAfter(Duration delay) {
        faults.add(new Fault(delay, false));
    }

    /** The next request is read, then its connection is closed with no answer (a reset mid-request). */
    public synchronized void dropNextConnection() {
        faults.add(new Fault(Duration.ZERO, true));
    }

    /**
     * The production {@link AcsClients} pointed at this stand-in, trusting its certificate (1 s connect, 3 s read
     * timeout).
     */
    public AcsClients clients(RoleCredentials credentials) {
        return new AcsClients(AcsClients.Product.KMS, REGION, endpoint(), credentials, 1000, 3000, trustManager);
    }

    /**
     * The production {@link AcsClients} pointed at this stand-in, trusting its certificate and {@code vod}'s: for a test
     * that calls both stand-ins (build every client of that test this way).
     */
    public AcsClients clients(RoleCredentials credentials, LoopbackVod vod) {
        return new AcsClients(AcsClients.Product.KMS, REGION, endpoint(), credentials, 1000, 3000,
                LoopbackTls.either(trustManager, vod.trustManager()));
    }

    /** Trusts this stand-in's certificate only (for a client that talks to more than one stand-in). */
    public X509TrustManager trustManager() {
        return trustManager;
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

    /** How many requests of this action were served (HTTP 200). */
    public long served(String action) {
        return calls().stream().filter(c -> c.action.equals(action) && c.status == 200).count();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
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
            Fault fault;
            synchronized (this) {
                fault = faults.poll();
            }
            if (fault != null && fault.drop) {
                calls.add(new Call(String.valueOf(params.get("Action")), params.get("AccessKeyId"),
                        params.get("SecurityToken"), 0, "dropped"));
                // Thrown out of the handler, the JDK server closes the connection without writing anything.
                throw new IOException("connection dropped by the test");
            }
            if (fault != null) {
                sleep(fault.delay);
            }
            String requestId = UUID.randomUUID().toString();
            JsonObject answer = new JsonObject();
            int status;
            String code;
            try {
                authenticate(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), params);
                KmsError failure;
                synchronized (this) {
                    failure = scripted.poll();
                }
                if (failure != null) {
                    throw failure;
                }
                serve(params, answer);
                status = 200;
                code = "OK";
            } catch (KmsError e) {
                status = e.status;
                code = e.code;
                answer = new JsonObject();
                answer.addProperty("Code", e.code);
                answer.addProperty("Message", e.getMessage());
                answer.addProperty("HostId", "kms." + REGION + ".aliyuncs.com");
            }
            answer.addProperty("RequestId", requestId);
            calls.add(new Call(String.valueOf(params.get("Action")), params.get("AccessKeyId"),
                    params.get("SecurityToken"), status, code));
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

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks the RPC signature, the credentials and the common parameters; throws the error KMS would answer. */
    private void authenticate(String method, String path, Map<String, String> params) {
        for (String name : List.of("Action", "Version", "Format", "AccessKeyId", "SecurityToken", "SignatureMethod",
                "SignatureVersion", "SignatureNonce", "Timestamp", "Signature")) {
            if (params.get(name) == null || params.get(name).isEmpty()) {
                throw new KmsError(400, "MissingParameter", name + " is mandatory for this action.");
            }
        }
        if (!"POST".equals(method) || !"/".equals(path)) {
            throw new KmsError(400, "InvalidParameter", "expected POST /, got " + method + " " + path);
        }
        if (!API_VERSION.equals(params.get("Version")) || !"JSON".equals(params.get("Format"))
                || !"HMAC-SHA1".equals(params.get("SignatureMethod"))
                || !"1.0".equals(params.get("SignatureVersion"))) {
            throw new KmsError(400, "InvalidParameter", "unsupported Version, Format or signature method");
        }
        try {
            Instant timestamp = Instant.parse(params.get("Timestamp"));
            if (Duration.between(timestamp, Instant.now()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new KmsError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
            }
        } catch (DateTimeParseException e) {
            throw new KmsError(400, "InvalidTimeStamp.Format", "Specified time stamp is not valid.");
        }
        String[] secretAndToken = secretAndTokenById.get(params.get("AccessKeyId"));
        if (secretAndToken == null) {
            throw new KmsError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!secretAndToken[1].equals(params.get("SecurityToken"))) {
            throw new KmsError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                    "The security token you provided does not match the access key.");
        }
        byte[] expected = Base64.getDecoder().decode(sign(method, params, secretAndToken[0]));
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(params.get("Signature"));
        } catch (IllegalArgumentException e) {
            actual = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new KmsError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
        }
        if (!nonces.add(params.get("SignatureNonce"))) {
            throw new KmsError(400, "SignatureNonceUsed", "The request signature nonce has been used.");
        }
    }

    /** Alibaba Cloud RPC signature (version 1.0, HMAC-SHA1) of the parameters other than {@code Signature}. */
    static String sign(String method, Map<String, String> params, String accessKeySecret) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> {
            if (!"Signature".equals(name)) {
                canonical.append('&').append(percentEncode(name)).append('=').append(percentEncode(value));
            }
        });
        String stringToSign = method + "&" + percentEncode("/") + "&" + percentEncode(canonical.substring(1));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 encoding as the RPC signature wants it: space as %20, {@code *} as %2A, {@code ~} kept. */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private void serve(Map<String, String> params, JsonObject answer) {
        String action = params.get("Action");
        if ("GenerateDataKey".equals(action) || "GenerateDataKeyWithoutPlaintext".equals(action)) {
            String requested = params.get("KeyId");
            if (!keyId.equals(requested) && !alias.equals(requested)) {
                throw new KmsError(404, "Forbidden.KeyNotFound", "The specified Key is not found.");
            }
            if (!"AES_128".equals(params.get("KeySpec"))) {
                throw new KmsError(400, "InvalidParameter", "The specified parameter KeySpec is not valid.");
            }
            byte[] plaintext = new byte[16];
            random.nextBytes(plaintext);
            answer.addProperty("KeyId", keyId);
            answer.addProperty("KeyVersionId", keyVersionId);
            answer.addProperty("CiphertextBlob", wrap(plaintext));
            if ("GenerateDataKey".equals(action)) {
                answer.addProperty("Plaintext", Base64.getEncoder().encodeToString(plaintext));
            }
        } else if ("Decrypt".equals(action)) {
            answer.addProperty("KeyId", keyId);
            answer.addProperty("KeyVersionId", keyVersionId);
            answer.addProperty("Plaintext", Base64.getEncoder().encodeToString(unwrap(params.get("CiphertextBlob"))));
        } else if ("GetSecretValue".equals(action)) {
            String name = params.get("SecretName");
            if (name == null || name.isEmpty()) {
                throw new KmsError(400, "MissingParameter", "SecretName is mandatory for this action.");
            }
            String stage = params.getOrDefault("VersionStage", "ACSCurrent");
            if (deniedSecrets.contains(name)) {
                throw new KmsError(403, "Forbidden.NoPermission", "This operation is forbidden by permission system.");
            }
            String[] valueAndVersion = secrets.get(name);
            if (valueAndVersion == null || !"ACSCurrent".equals(stage)) {
                throw new KmsError(404, "Forbidden.ResourceNotFound", "The resource not exists.");
            }
            answer.addProperty("SecretName", name);
            answer.addProperty("SecretType", "Generic");
            answer.addProperty("SecretDataType", "text");
            answer.addProperty("SecretData", valueAndVersion[0]);
            answer.addProperty("VersionId", valueAndVersion[1]);
            answer.addProperty("CreateTime", "2026-11-29T00:00:00Z");
            JsonObject stages = new JsonObject();
            com.google.gson.JsonArray list = new com.google.gson.JsonArray();
            list.add("ACSCurrent");
            stages.add("VersionStage", list);
            answer.add("VersionStages", stages);
        } else {
            throw new KmsError(400, "InvalidAction.NotFound", "Specified api is not found, please check your url"
                    + " and method.");
        }
    }

    /** {@code base64(iv || AES-256-GCM(master key, iv, plaintext, aad = KeyVersionId))}. */
    private String wrap(byte[] plaintext) {
        byte[] iv = new byte[GCM_IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(GCM_TAG_BITS, iv));
            gcm.updateAAD(keyVersionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = gcm.doFinal(plaintext);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] unwrap(String ciphertextBlob) {
        try {
            byte[] blob = Base64.getDecoder().decode(ciphertextBlob == null ? "" : ciphertextBlob);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(GCM_TAG_BITS, blob, 0, GCM_IV_BYTES));
            gcm.updateAAD(keyVersionId.getBytes(StandardCharsets.UTF_8));
            return gcm.doFinal(blob, GCM_IV_BYTES, blob.length - GCM_IV_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new KmsError(400, "InvalidParameter", "The specified parameter CiphertextBlob is not valid.");
        }
    }



    /** An error answer: HTTP status and KMS error code. */
    private static final class KmsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        KmsError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
