package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.protocol.OtsFilter;
import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferBuilder;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCell;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCodedInputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCodedOutputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConsts;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConversion;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferInputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferOutputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferRow;
import com.alicloud.openservices.tablestore.model.CapacityUnit;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.ConsumedCapacity;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.PutRowResponse;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowChange;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;
import com.alicloud.openservices.tablestore.model.condition.ColumnCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import com.aliyun.ots.thirdparty.com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * A Tablestore stand-in on {@code http://127.0.0.1:<port>} for the real Tablestore SDK client: the SDK's wire
 * protocol (API version 2015-12-31: {@code POST /<Action>}, protobuf bodies of {@code OtsInternalApi}, rows in
 * Tablestore's PlainBuffer encoding, column conditions as {@code OtsFilter} messages), answering
 * {@code CreateTable}, {@code GetRow}, {@code PutRow} and {@code UpdateRow}. It decodes each request into the SDK's
 * own request objects and runs it on a {@link FakeTablestoreRows}, which enforces the conditional-write semantics;
 * then encodes the answer (or the service error, as an {@code OtsInternalApi.Error} with its HTTP status) back.
 *
 * <p>Every request must be signed as the SDK's V2 signature does it: {@code x-ots-accesskeyid},
 * {@code x-ots-apiversion}, {@code x-ots-contentmd5} (base64 MD5 of the body, checked), {@code x-ots-date} (within
 * 15 minutes), {@code x-ots-instancename} (this instance), {@code x-ots-ststoken} when the key is an STS key, and
 * {@code x-ots-signature = base64(HMAC-SHA1(secret, "/" + action + "\nPOST\n\n" + the sorted "name:value\n" of
 * every other x-ots- header))}; only credentials {@linkplain #allow allowed} pass ({@code OTSAuthFailed}
 * otherwise). Answers are signed back as the SDK checks by default ({@code ClientConfiguration}'s response
 * validation): {@code authorization: OTS <id>:<base64(HMAC-SHA1(secret, sorted "name:value\n" of the x-ots- answer
 * headers + "/" + action))>} and {@code x-ots-contentmd5}.
 *
 * <p>Plain HTTP on the loopback address, or HTTPS ({@link #startTls}) for a client in a JVM whose default trust store
 * holds the stand-in's certificate: the SDK's client has no hook for trusting a test certificate.
 * Error codes other than the ones {@link FakeTablestoreRows} raises are this stand-in's assumption.
 */
public final class LoopbackTablestore implements AutoCloseable {
    static final String API_VERSION = "2015-12-31";
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final String AUTH_FAILED = "OTSAuthFailed";

    /** One request: the action, who signed it, the signed x-ots- headers and the answer given. */
    public static final class Call {
        public final String action;
        public final String accessKeyId;
        public final String securityToken;
        public final Map<String, String> otsHeaders;
        public final int status;
        public final String code;

        Call(String action, Map<String, String> otsHeaders, int status, String code) {
            this.action = action;
            this.accessKeyId = otsHeaders.get("x-ots-accesskeyid");
            this.securityToken = otsHeaders.get("x-ots-ststoken");
            this.otsHeaders = otsHeaders;
            this.status = status;
            this.code = code;
        }

        @Override
        public String toString() {
            return action + " by " + accessKeyId + " -> " + status + " " + code;
        }
    }

    private final String instance;
    private final FakeTablestoreRows rows = new FakeTablestoreRows();
    private final Map<String, String[]> secretAndTokenById = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<TableStoreException> scripted = new ArrayDeque<>();
    private volatile boolean signAnswersWrongly;
    private volatile boolean stallNext;
    /** When set, every correctly signed request (of {@link #persistentAction}, if set) gets this error. */
    private volatile TableStoreException persistent;
    private volatile String persistentAction;
    /** Serves requests in parallel, so that a stalled answer does not hold up the next request. */
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final HttpServer server;
    private final X509TrustManager trustManager;
    private final LoopbackTimeline timeline = new LoopbackTimeline();

    private LoopbackTablestore(String instance, SSLContext tls, X509TrustManager trustManager) throws IOException {
        this.instance = instance;
        this.trustManager = trustManager;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(timeline.configurator(tls));
            this.server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /** Starts a stand-in for the Tablestore instance {@code instance}, with no tables. */
    public static LoopbackTablestore start(String instance) throws IOException {
        return new LoopbackTablestore(instance, null, null);
    }

    /**
     * As {@link #start}, on {@code https://127.0.0.1:<port>} with a self-signed certificate made with {@code keytool}
     * in {@code dir}: for a client JVM told to trust it through its default trust store ({@code javax.net.ssl.trustStore}),
     * as the SDK's client takes no trust manager of its own.
     */
    public static LoopbackTablestore startTls(Path dir, String instance) throws Exception {
        LoopbackTls.SelfSigned certificate = LoopbackTls.selfSigned(dir, "ots");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(certificate.keyStore, certificate.password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return new LoopbackTablestore(instance, tls, LoopbackTls.trusting(certificate.keyStore, "ots"));
    }

    /** Trusts this stand-in's certificate (started with {@link #startTls}), or null for a plain HTTP one. */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** When this stand-in saw TLS connections open and requests arrive. */
    public LoopbackTimeline timeline() {
        return timeline;
    }

    /** Accepts requests signed with these credentials from now on ({@code securityToken} null: a long-term key). */
    public LoopbackTablestore allow(String accessKeyId, String accessKeySecret, String securityToken) {
        secretAndTokenById.put(accessKeyId, new String[] {accessKeySecret, securityToken});
        return this;
    }

    /** Refuses requests signed with this access key id from now on (an expired STS key). */
    public LoopbackTablestore revoke(String accessKeyId) {
        secretAndTokenById.remove(accessKeyId);
        return this;
    }

    /** The next correctly signed request gets this service error instead of being served. */
    public synchronized void failNext(int status, String code) {
        scripted.add(new TableStoreException("scripted failure", null, code, "", status));
    }

    /**
     * From now on every correctly signed request gets this service error, however often the SDK retries it, until
     * {@link #clearFaults}.
     */
    public void failEveryRequest(int status, String code) {
        failEveryRequest(null, status, code);
    }

    /** As {@link #failEveryRequest(int, String)}, for requests of one action only (e.g. {@code UpdateRow}). */
    public synchronized void failEveryRequest(String action, int status, String code) {
        persistentAction = action;
        persistent = new TableStoreException("scripted failure", null, code, "", status);
    }

    /** Ends {@link #failEveryRequest} and drops any scripted {@link #failNext} failure not yet given. */
    public synchronized void clearFaults() {
        persistent = null;
        persistentAction = null;
        scripted.clear();
    }

    /** From now on answers carry a signature made with a wrong secret, as a man in the middle would send. */
    public void signAnswersWrongly() {
        signAnswersWrongly = true;
    }

    /** The next request gets no answer until this stand-in is closed (a stalled connection). */
    public void stallNextAnswer() {
        stallNext = true;
    }

    /** {@code http://127.0.0.1:<port>} (https when started with {@link #startTls}), the endpoint to give the SDK client. */
    public String endpoint() {
        return (trustManager == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, oldest first. */
    public List<Call> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    /** How many rows the table holds. */
    public int rowCount(String table) {
        return rows.rowCount(table);
    }

    /** The stored columns of a row, read directly (empty: no such row). */
    public Map<String, ColumnValue> row(String table, String key) {
        return rows.row(table, key);
    }

    /** The options a table was created with. */
    public TableOptions options(String table) {
        return rows.options(table);
    }

    @Override
    public void close() {
        if (closed.getCount() > 0) {
            closed.countDown();
            server.stop(0);
            workers.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        timeline.requested();
        try {
            if (stallNext) {
                stallNext = false;
                awaitClose();
                return;
            }
            String action = exchange.getRequestURI().getPath().substring(1);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> otsHeaders = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-ots-")) {
                    otsHeaders.put(lower, values.get(0));
                }
            });
            String requestId = UUID.randomUUID().toString();
            int status;
            String code;
            byte[] answer;
            String signingSecret = null;
            try {
                signingSecret = authenticate(exchange.getRequestMethod(), action, otsHeaders, body);
                TableStoreException failure;
                synchronized (this) {
                    failure = scripted.poll();
                }
                if (failure == null && (persistentAction == null || persistentAction.equals(action))) {
                    failure = persistent;
                }
                if (failure != null) {
                    throw failure;
                }
                answer = serve(action, body).toByteArray();
                status = 200;
                code = "OK";
            } catch (TableStoreException e) {
                status = e.getHttpStatus();
                code = e.getErrorCode();
                answer = OtsInternalApi.Error.newBuilder().setCode(code).setMessage(e.getMessage()).build()
                        .toByteArray();
            }
            calls.add(new Call(action, otsHeaders, status, code));
            Map<String, String> answerHeaders = new TreeMap<>();
            answerHeaders.put("x-ots-contentmd5", Base64.getEncoder().encodeToString(md5(answer)));
            answerHeaders.put("x-ots-contenttype", "protocol buffer");
            answerHeaders.put("x-ots-date", Instant.now().toString());
            answerHeaders.put("x-ots-requestid", requestId);
            answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            String accessKeyId = otsHeaders.getOrDefault("x-ots-accesskeyid", "");
            if (signingSecret != null) {
                String secret = signAnswersWrongly ? signingSecret + "-wrong" : signingSecret;
                exchange.getResponseHeaders().set("authorization",
                        "OTS " + accessKeyId + ":" + signAnswer(action, answerHeaders, secret));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } finally {
            exchange.close();
        }
    }

    private void awaitClose() {
        try {
            closed.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks the headers and the signature; returns the signer's secret, or throws the error Tablestore answers. */
    private String authenticate(String method, String action, Map<String, String> headers, byte[] body) {
        for (String name : List.of("x-ots-accesskeyid", "x-ots-apiversion", "x-ots-contentmd5", "x-ots-date",
                "x-ots-instancename", "x-ots-signature")) {
            if (headers.get(name) == null || headers.get(name).isEmpty()) {
                throw error(400, "OTSMissingHeader", "Missing header: " + name + ".");
            }
        }
        if (!"POST".equals(method)) {
            throw error(405, "OTSMethodNotAllowed", "Only POST is allowed, got " + method + ".");
        }
        if (!API_VERSION.equals(headers.get("x-ots-apiversion"))) {
            throw error(400, "OTSUnsupportOperation", "Unsupported API version " + headers.get("x-ots-apiversion"));
        }
        if (!instance.equals(headers.get("x-ots-instancename"))) {
            throw error(403, AUTH_FAILED, "Instance not found: " + headers.get("x-ots-instancename") + ".");
        }
        if (!Base64.getEncoder().encodeToString(md5(body)).equals(headers.get("x-ots-contentmd5"))) {
            throw error(400, "OTSParameterInvalid", "Content MD5 mismatch.");
        }
        try {
            Instant date = Instant.parse(headers.get("x-ots-date"));
            if (Duration.between(date, Instant.now()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
                throw error(403, AUTH_FAILED, "Mismatch between system time and x-ots-date.");
            }
        } catch (DateTimeParseException e) {
            throw error(400, "OTSParameterInvalid", "Invalid date format: " + headers.get("x-ots-date") + ".");
        }
        String[] secretAndToken = secretAndTokenById.get(headers.get("x-ots-accesskeyid"));
        if (secretAndToken == null) {
            throw error(403, AUTH_FAILED, "The AccessKeyID does not exist.");
        }
        String token = headers.get("x-ots-ststoken");
        if (secretAndToken[1] == null ? token != null : !secretAndToken[1].equals(token)) {
            throw error(403, AUTH_FAILED, "The security token does not match the access key.");
        }
        byte[] expected = Base64.getDecoder().decode(signRequest(action, method, headers, secretAndToken[0]));
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(headers.get("x-ots-signature"));
        } catch (IllegalArgumentException e) {
            actual = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw error(403, AUTH_FAILED, "Signature mismatch.");
        }
        return secretAndToken[0];
    }

    /** The SDK's V2 request signature over the x-ots- headers other than the signature itself. */
    static String signRequest(String action, String method, Map<String, String> otsHeaders, String secret) {
        StringBuilder toSign = new StringBuilder("/").append(action).append('\n').append(method).append("\n\n");
        new TreeMap<>(otsHeaders).forEach((name, value) -> {
            if (name.startsWith("x-ots-") && !"x-ots-signature".equals(name)) {
                toSign.append(name).append(':').append(value.trim()).append('\n');
            }
        });
        return hmacSha1(secret, toSign.toString());
    }

    /** The answer signature the SDK validates: sorted x-ots- answer headers, then {@code "/" + action}. */
    static String signAnswer(String action, Map<String, String> otsHeaders, String secret) {
        StringBuilder toSign = new StringBuilder();
        new TreeMap<>(otsHeaders).forEach((name, value) -> toSign.append(name).append(':').append(value)
                .append('\n'));
        return hmacSha1(secret, toSign.append('/').append(action).toString());
    }

    private static String hmacSha1(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private MessageLite serve(String action, byte[] body) {
        try {
            switch (action) {
                case "CreateTable":
                    rows.createTable(createTable(OtsInternalApi.CreateTableRequest.parseFrom(body)));
                    return OtsInternalApi.CreateTableResponse.getDefaultInstance();
                case "GetRow": {
                    GetRowResponse response = rows.getRow(getRow(OtsInternalApi.GetRowRequest.parseFrom(body)));
                    return OtsInternalApi.GetRowResponse.newBuilder()
                            .setConsumed(consumed(response.getConsumedCapacity()))
                            .setRow(encode(response.getRow())).build();
                }
                case "PutRow": {
                    PutRowResponse response = rows.putRow(putRow(OtsInternalApi.PutRowRequest.parseFrom(body)));
                    return OtsInternalApi.PutRowResponse.newBuilder()
                            .setConsumed(consumed(response.getConsumedCapacity()))
                            .setRow(encode(response.getRow())).build();
                }
                case "UpdateRow": {
                    UpdateRowResponse response = rows.updateRow(
                            updateRow(OtsInternalApi.UpdateRowRequest.parseFrom(body)));
                    return OtsInternalApi.UpdateRowResponse.newBuilder()
                            .setConsumed(consumed(response.getConsumedCapacity()))
                            .setRow(encode(response.getRow())).build();
                }
                default:
                    throw error(400, "OTSUnsupportOperation", "Unsupported operation: " + action + ".");
            }
        } catch (InvalidProtocolBufferException e) {
            throw error(400, "OTSParameterInvalid", "Failed to parse the ProtoBuf message.");
        } catch (IOException | IllegalArgumentException e) {
            throw error(400, "OTSParameterInvalid", "Invalid PlainBuffer or filter: " + e.getMessage());
        }
    }

    private static CreateTableRequest createTable(OtsInternalApi.CreateTableRequest request) {
        TableMeta meta = new TableMeta(request.getTableMeta().getTableName());
        for (OtsInternalApi.PrimaryKeySchema key : request.getTableMeta().getPrimaryKeyList()) {
            meta.addPrimaryKeyColumn(key.getName(), PrimaryKeyType.valueOf(key.getType().name()));
        }
        TableOptions options = new TableOptions();
        if (request.getTableOptions().hasTimeToLive()) {
            options.setTimeToLive(request.getTableOptions().getTimeToLive());
        }
        if (request.getTableOptions().hasMaxVersions()) {
            options.setMaxVersions(request.getTableOptions().getMaxVersions());
        }
        return new CreateTableRequest(meta, options);
    }

    private static GetRowRequest getRow(OtsInternalApi.GetRowRequest request) throws IOException {
        SingleRowQueryCriteria criteria = new SingleRowQueryCriteria(request.getTableName(),
                key(decodeRow(request.getPrimaryKey())));
        if (request.hasMaxVersions()) {
            criteria.setMaxVersions(request.getMaxVersions());
        }
        criteria.addColumnsToGet(request.getColumnsToGetList());
        return new GetRowRequest(criteria);
    }

    private static PutRowRequest putRow(OtsInternalApi.PutRowRequest request) throws IOException {
        PlainBufferRow row = decodeRow(request.getRow());
        RowPutChange change = new RowPutChange(request.getTableName(), key(row));
        for (PlainBufferCell cell : row.getCells()) {
            if (cell.hasCellType()) {
                throw new IllegalArgumentException("a PutRow cell has an operation type");
            }
            change.addColumn(PlainBufferConversion.toColumn(cell));
        }
        change(change, request.getCondition(), request.hasReturnContent() ? request.getReturnContent() : null);
        return new PutRowRequest(change);
    }

    private static UpdateRowRequest updateRow(OtsInternalApi.UpdateRowRequest request) throws IOException {
        PlainBufferRow row = decodeRow(request.getRowChange());
        RowUpdateChange change = new RowUpdateChange(request.getTableName(), key(row));
        for (PlainBufferCell cell : row.getCells()) {
            if (!cell.hasCellType()) {
                change.put(PlainBufferConversion.toColumn(cell));
            } else if (cell.getCellType() == PlainBufferConsts.DELETE_ALL_VERSION) {
                change.deleteColumns(cell.getCellName());
            } else if (cell.getCellType() == PlainBufferConsts.DELETE_ONE_VERSION) {
                change.deleteColumn(cell.getCellName(), cell.getCellTimestamp());
            } else if (cell.getCellType() == PlainBufferConsts.INCREMENT) {
                change.increment(new Column(cell.getCellName(), cell.getCellValue()));
            } else {
                throw new IllegalArgumentException("unknown cell operation " + cell.getCellType());
            }
        }
        change(change, request.getCondition(), request.hasReturnContent() ? request.getReturnContent() : null);
        return new UpdateRowRequest(change);
    }

    private static void change(RowChange change, OtsInternalApi.Condition condition,
            OtsInternalApi.ReturnContent returned) throws IOException {
        Condition decoded = new Condition(RowExistenceExpectation.valueOf(condition.getRowExistence().name()));
        if (condition.hasColumnCondition()) {
            decoded.setColumnCondition(filter(OtsFilter.Filter.parseFrom(condition.getColumnCondition())));
        }
        change.setCondition(decoded);
        if (returned != null) {
            change.setReturnType(ReturnType.valueOf(returned.getReturnType().name()));
            returned.getReturnColumnNamesList().forEach(change::addReturnColumn);
        }
    }

    private static ColumnCondition filter(OtsFilter.Filter filter) throws IOException {
        switch (filter.getType()) {
            case FT_SINGLE_COLUMN_VALUE: {
                OtsFilter.SingleColumnValueFilter single = OtsFilter.SingleColumnValueFilter.parseFrom(
                        filter.getFilter());
                SingleColumnValueCondition condition = new SingleColumnValueCondition(single.getColumnName(),
                        SingleColumnValueCondition.CompareOperator.valueOf(single.getComparator().name()
                                .substring("CT_".length())),
                        columnValue(single.getColumnValue().toByteArray()));
                condition.setPassIfMissing(!single.getFilterIfMissing());
                condition.setLatestVersionsOnly(single.getLatestVersionOnly());
                return condition;
            }
            case FT_COMPOSITE_COLUMN_VALUE: {
                OtsFilter.CompositeColumnValueFilter composite = OtsFilter.CompositeColumnValueFilter.parseFrom(
                        filter.getFilter());
                CompositeColumnValueCondition condition = new CompositeColumnValueCondition(
                        CompositeColumnValueCondition.LogicOperator.valueOf(composite.getCombinator().name()
                                .substring("LO_".length())));
                for (OtsFilter.Filter sub : composite.getSubFiltersList()) {
                    condition.addCondition(filter(sub));
                }
                return condition;
            }
            default:
                throw new IllegalArgumentException("unsupported filter type " + filter.getType());
        }
    }

    /** A filter's value: PlainBuffer's variant encoding without the length prefix (type byte, then the value). */
    private static ColumnValue columnValue(byte[] encoded) throws IOException {
        PlainBufferInputStream in = new PlainBufferInputStream(encoded);
        byte type = in.readRawByte();
        ColumnValue value;
        switch (type) {
            case PlainBufferConsts.VT_INTEGER:
                value = ColumnValue.fromLong(in.readRawLittleEndian64());
                break;
            case PlainBufferConsts.VT_STRING:
                value = ColumnValue.fromString(in.readUTFString(in.readRawLittleEndian32()));
                break;
            case PlainBufferConsts.VT_BOOLEAN:
                value = ColumnValue.fromBoolean(in.readBoolean());
                break;
            case PlainBufferConsts.VT_DOUBLE:
                value = ColumnValue.fromDouble(in.readDouble());
                break;
            case PlainBufferConsts.VT_BLOB:
                value = ColumnValue.fromBinary(in.readBytes(in.readRawLittleEndian32()));
                break;
            default:
                throw new IOException("unknown variant type " + type);
        }
        if (!in.isAtEnd()) {
            throw new IOException("trailing bytes after the filter value");
        }
        return value;
    }

    /** Exactly one PlainBuffer row with header. */
    private static PlainBufferRow decodeRow(ByteString bytes) throws IOException {
        List<PlainBufferRow> decoded = new PlainBufferCodedInputStream(new PlainBufferInputStream(
                bytes.asReadOnlyByteBuffer())).readRowsWithHeader();
        if (decoded.size() != 1) {
            throw new IOException("expected one row, got " + decoded.size());
        }
        return decoded.get(0);
    }

    private static PrimaryKey key(PlainBufferRow row) throws IOException {
        return PlainBufferConversion.toPrimaryKey(row.getPrimaryKey());
    }

    /** A row as the service answers it: PlainBuffer with header, every cell with its timestamp; none: empty. */
    private static ByteString encode(Row row) throws IOException {
        if (row == null) {
            return ByteString.EMPTY;
        }
        List<PlainBufferCell> key = new ArrayList<>();
        for (PrimaryKeyColumn column : row.getPrimaryKey().getPrimaryKeyColumns()) {
            key.add(PlainBufferConversion.toPlainBufferCell(column));
        }
        List<PlainBufferCell> cells = new ArrayList<>();
        for (Column column : row.getColumns()) {
            cells.add(PlainBufferConversion.toPlainBufferCell(column, false, false, false, (byte) 0));
        }
        PlainBufferRow plain = new PlainBufferRow(key, cells, false);
        PlainBufferOutputStream out = new PlainBufferOutputStream(PlainBufferBuilder.computePlainBufferRowWithHeader(
                plain));
        new PlainBufferCodedOutputStream(out).writeRowWithHeader(plain);
        if (!out.isFull()) {
            throw new IOException("row encoding size mismatch");
        }
        return ByteString.copyFrom(out.getBuffer());
    }

    private static OtsInternalApi.ConsumedCapacity consumed(ConsumedCapacity consumed) {
        CapacityUnit unit = consumed.getCapacityUnit();
        return OtsInternalApi.ConsumedCapacity.newBuilder().setCapacityUnit(OtsInternalApi.CapacityUnit.newBuilder()
                .setRead(unit.getReadCapacityUnit()).setWrite(unit.getWriteCapacityUnit())).build();
    }

    private static TableStoreException error(int status, String code, String message) {
        return new TableStoreException(message, null, code, "", status);
    }
}
