package io.github.vodhls.bench;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.core.ResourceManager;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentialProvider;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.DefaultRetryStrategy;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vod.model.v20170321.GetMezzanineInfoRequest;
import com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsRequest;
import java.io.InputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;

/**
 * The floor under {@link ColdInstance}: a cold JVM that does only what the SDKs themselves must do for the first
 * request of a function, with none of this project's code. It creates the same SDK clients the adapters create
 * ({@code AcsClients}, {@code TablestoreClients}: same endpoints, STS credentials, timeouts, no SDK retry for KMS and
 * VOD, the Tablestore retry bounded in time) and sends the same requests, one after another on one thread, then
 * exits. It prints the line {@link ColdInstance} prints, so {@link CloudColdStartProbe} times it the same way:
 * {@code main} = {@code constructed} (no handler), {@code initialized} once the clients exist, {@code answered} after
 * the last answer.
 *
 * <p>Modes (first argument; the second is the probe's parameter file):
 * <ul>
 * <li>{@code floor-decrypt}: Tablestore GetRow of the video's revocation row and of its registration, KMS Decrypt of
 * the key, Tablestore UpdateRow consuming one use of the token (the decrypt function's four requests);
 * <li>{@code floor-callback}: VOD GetMezzanineInfo, Tablestore PutRow binding the callback, GetRow of the
 * registration, KMS GenerateDataKeyWithoutPlaintext, PutRow registering the key, UpdateRow claiming the job, VOD
 * SubmitTranscodeJobs, UpdateRow recording it (the upload callback's eight);
 * <li>{@code floor-tls}: one HTTPS GET with {@link HttpsURLConnection} to the KMS stand-in (one handshake, the JDK's
 * default SSL context and trust store; any status);
 * <li>{@code floor-jvm}: prints and exits.
 * </ul>
 * The function's environment (endpoints, region, STS keys, tables) is read as the function would read it.
 */
public final class CloudFloorInstance {
    private static final int TIMEOUT_MS = 3000;
    private static final long ACS_CONNECT_TIMEOUT_MS = 1000;
    private static final long ACS_READ_TIMEOUT_MS = 3000;

    private CloudFloorInstance() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Properties params = new Properties();
        try (InputStream in = Files.newInputStream(Paths.get(args[1]))) {
            params.load(in);
        }
        Map<String, String> env = System.getenv();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long main = ColdInstance.micros();
        int classesAtMain = classes.getLoadedClassCount();
        SyncClient ots = null;
        IAcsClient kms = null;
        IAcsClient vod = null;
        if (mode.equals("floor-decrypt") || mode.equals("floor-callback")) {
            ots = tablestore(env);
            kms = acs(env, env.get("KMS_ENDPOINT"));
            if (mode.equals("floor-callback")) {
                vod = acs(env, env.get("VOD_ENDPOINT"));
            }
        }
        long initialized = ColdInstance.micros();
        int classesInitialized = classes.getLoadedClassCount();
        switch (mode) {
            case "floor-decrypt":
                decrypt(ots, kms, env, params);
                break;
            case "floor-callback":
                callback(ots, kms, vod, env, params);
                break;
            case "floor-tls":
                HttpsURLConnection connection = (HttpsURLConnection) new URL("https://" + env.get("KMS_ENDPOINT")
                        + "/").openConnection();
                connection.setConnectTimeout(TIMEOUT_MS);
                connection.setReadTimeout(TIMEOUT_MS);
                connection.getResponseCode();
                connection.disconnect();
                break;
            case "floor-jvm":
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        long answered = ColdInstance.micros();
        int classesAnswered = classes.getLoadedClassCount();
        System.out.println("cold-instance jvmStartMs=" + ManagementFactory.getRuntimeMXBean().getStartTime()
                + " main=" + main + " constructed=" + main + " initialized=" + initialized + " answered=" + answered
                + " classesMain=" + classesAtMain + " classesConstructed=" + classesAtMain
                + " classesInitialized=" + classesInitialized + " classesAnswered=" + classesAnswered
                + " cpuMicros=" + ColdInstance.processCpuMicros() + " status=200");
        // the SDKs' client threads would keep the JVM alive, as in ColdInstance
        System.exit(0);
    }

    /** The decrypt function's four requests for a key fetch with a plaintext-cache miss. */
    private static void decrypt(SyncClient ots, IAcsClient kms, Map<String, String> env, Properties params)
            throws Exception {
        String tokens = env.get("TABLESTORE_TOKEN_TABLE");
        String videos = env.get("TABLESTORE_VIDEO_TABLE");
        String videoId = params.getProperty("videoId");
        ots.getRow(getLatest(tokens, key("token_id", "video#" + videoId), "revoked_before_ms"));
        ots.getRow(getLatest(videos, key("video_id", videoId), "ciphertext", "created_at_ms", "key_service"));
        DecryptRequest decrypt = new DecryptRequest();
        prepare(decrypt);
        decrypt.setCiphertextBlob(params.getProperty("ciphertext"));
        require(kms.getAcsResponse(decrypt).getPlaintext(), "Decrypt");
        long now = System.currentTimeMillis();
        RowUpdateChange use = new RowUpdateChange(tokens, key("token_id", params.getProperty("tokenId")));
        use.put("session_until_ms", ColumnValue.fromLong(now + 3_600_000));
        use.increment(new Column("uses", ColumnValue.fromLong(1)));
        use.setReturnType(ReturnType.RT_AFTER_MODIFY);
        use.addReturnColumn("uses");
        use.setCondition(expectExist(new CompositeColumnValueCondition(CompositeColumnValueCondition.LogicOperator.AND)
                .addCondition(column("uses", SingleColumnValueCondition.CompareOperator.LESS_THAN,
                        ColumnValue.fromLong(Long.parseLong(params.getProperty("maxUses")))))
                .addCondition(column("revoked", SingleColumnValueCondition.CompareOperator.EQUAL,
                        ColumnValue.fromBoolean(false)))));
        require(ots.updateRow(new UpdateRowRequest(use)).getRow(), "UpdateRow");
    }

    /** The upload-callback function's eight requests for a signed FileUploadComplete of a new video. */
    private static void callback(SyncClient ots, IAcsClient kms, IAcsClient vod, Map<String, String> env,
            Properties params) throws Exception {
        String videos = env.get("TABLESTORE_VIDEO_TABLE");
        String videoId = params.getProperty("videoId");
        long now = System.currentTimeMillis();
        GetMezzanineInfoRequest mezzanine = new GetMezzanineInfoRequest();
        prepare(mezzanine);
        mezzanine.setVideoId(videoId);
        require(vod.getAcsResponse(mezzanine).getMezzanine(), "GetMezzanineInfo");
        RowPutChange bind = new RowPutChange(videos, key("video_id", "callback#" + params.getProperty("pairId")))
                .addColumn("callback_body_sha256", ColumnValue.fromString(params.getProperty("bodySha256")))
                .addColumn("callback_expires_at_ms", ColumnValue.fromLong(now + 300_000));
        bind.setCondition(new Condition(RowExistenceExpectation.EXPECT_NOT_EXIST));
        ots.putRow(new PutRowRequest(bind));
        ots.getRow(getLatest(videos, key("video_id", videoId), "ciphertext", "created_at_ms", "key_service"));
        GenerateDataKeyWithoutPlaintextRequest generate = new GenerateDataKeyWithoutPlaintextRequest();
        prepare(generate);
        generate.setKeyId(env.get("KMS_KEY_ID"));
        generate.setKeySpec("AES_128");
        String ciphertext = require(kms.getAcsResponse(generate).getCiphertextBlob(), "GenerateDataKey...");
        RowPutChange register = new RowPutChange(videos, key("video_id", videoId))
                .addColumn("ciphertext", ColumnValue.fromString(ciphertext))
                .addColumn("created_at_ms", ColumnValue.fromLong(now))
                .addColumn("key_service", ColumnValue.fromString("KMS"));
        register.setCondition(new Condition(RowExistenceExpectation.EXPECT_NOT_EXIST));
        ots.putRow(new PutRowRequest(register));
        String holder = "floor-holder";
        RowUpdateChange claim = new RowUpdateChange(videos, key("video_id", videoId))
                .put("job_state", ColumnValue.fromString("SUBMITTING"))
                .put("job_holder", ColumnValue.fromString(holder))
                .put("job_updated_at_ms", ColumnValue.fromLong(now));
        SingleColumnValueCondition unclaimed = column("job_state", SingleColumnValueCondition.CompareOperator.EQUAL,
                ColumnValue.fromString("NONE"));
        unclaimed.setPassIfMissing(true);
        claim.setCondition(expectExist(unclaimed));
        ots.updateRow(new UpdateRowRequest(claim));
        SubmitTranscodeJobsRequest submit = new SubmitTranscodeJobsRequest();
        prepare(submit);
        submit.setVideoId(videoId);
        submit.setTemplateGroupId(env.get("VOD_TEMPLATE_GROUP_ID"));
        submit.setEncryptConfig("{\"CipherText\":\"" + ciphertext + "\",\"DecryptKeyUri\":\""
                + env.get("DECRYPT_BASE_URL") + "?Ciphertext=" + ciphertext + "\",\"KeyServiceType\":\"KMS\"}");
        com.aliyuncs.vod.model.v20170321.SubmitTranscodeJobsResponse answer = vod.getAcsResponse(submit);
        String jobs = require(answer, "SubmitTranscodeJobs").getTranscodeTaskId() == null ? "job"
                : answer.getTranscodeTaskId();
        RowUpdateChange submitted = new RowUpdateChange(videos, key("video_id", videoId))
                .put("job_state", ColumnValue.fromString("SUBMITTED"))
                .put("job_id", ColumnValue.fromString(jobs))
                .put("job_updated_at_ms", ColumnValue.fromLong(now))
                .deleteColumns("job_holder");
        submitted.setCondition(expectExist(new CompositeColumnValueCondition(
                CompositeColumnValueCondition.LogicOperator.AND)
                .addCondition(column("job_state", SingleColumnValueCondition.CompareOperator.EQUAL,
                        ColumnValue.fromString("SUBMITTING")))
                .addCondition(column("job_holder", SingleColumnValueCondition.CompareOperator.EQUAL,
                        ColumnValue.fromString(holder)))));
        ots.updateRow(new UpdateRowRequest(submitted));
    }

    /** The Tablestore client as {@code TablestoreClients} makes it. */
    private static SyncClient tablestore(Map<String, String> env) {
        ClientConfiguration configuration = new ClientConfiguration();
        configuration.setConnectionTimeoutInMillisecond(TIMEOUT_MS);
        configuration.setSocketTimeoutInMillisecond(TIMEOUT_MS);
        configuration.setConnectionRequestTimeoutInMillisecond(TIMEOUT_MS);
        configuration.setSyncClientWaitFutureTimeoutInMillis(2L * TIMEOUT_MS);
        configuration.setRetryStrategy(new DefaultRetryStrategy(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        return new SyncClient(env.get("TABLESTORE_ENDPOINT"), new DefaultCredentialProvider(
                env.get("ALIBABA_CLOUD_ACCESS_KEY_ID"), env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                env.get("ALIBABA_CLOUD_SECURITY_TOKEN")), env.get("TABLESTORE_INSTANCE"), configuration,
                new ResourceManager(configuration, null));
    }

    /** A KMS or VOD client as {@code AcsClients} makes it: fixed endpoint, HTTPS, timeouts, no auto-retry. */
    private static IAcsClient acs(Map<String, String> env, String endpoint) {
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setConnectionTimeoutMillis(ACS_CONNECT_TIMEOUT_MS);
        http.setReadTimeoutMillis(ACS_READ_TIMEOUT_MS);
        http.setProtocolType(ProtocolType.HTTPS);
        DefaultProfile profile = DefaultProfile.getProfile(env.get("FC_REGION"));
        profile.setHttpClientConfig(http);
        DefaultAcsClient acs = new DefaultAcsClient(profile, new StaticCredentialsProvider(new BasicSessionCredentials(
                env.get("ALIBABA_CLOUD_ACCESS_KEY_ID"), env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                env.get("ALIBABA_CLOUD_SECURITY_TOKEN"))));
        acs.setAutoRetry(false);
        acs.setEndpointResolver(request -> endpoint);
        return acs;
    }

    private static void prepare(AcsRequest<?> request) {
        request.setSysProtocol(ProtocolType.HTTPS);
        request.setSysMethod(MethodType.POST);
        request.setSysAcceptFormat(FormatType.JSON);
    }

    private static PrimaryKey key(String column, String value) {
        return PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn(column, PrimaryKeyValue.fromString(value)).build();
    }

    private static GetRowRequest getLatest(String table, PrimaryKey key, String... columns) {
        SingleRowQueryCriteria criteria = new SingleRowQueryCriteria(table, key);
        criteria.setMaxVersions(1);
        criteria.addColumnsToGet(columns);
        return new GetRowRequest(criteria);
    }

    private static Condition expectExist(com.alicloud.openservices.tablestore.model.condition.ColumnCondition c) {
        Condition condition = new Condition(RowExistenceExpectation.EXPECT_EXIST);
        condition.setColumnCondition(c);
        return condition;
    }

    private static SingleColumnValueCondition column(String name, SingleColumnValueCondition.CompareOperator op,
            ColumnValue value) {
        SingleColumnValueCondition condition = new SingleColumnValueCondition(name, op, value);
        condition.setPassIfMissing(false);
        condition.setLatestVersionsOnly(true);
        return condition;
    }

    private static <T> T require(T value, String operation) {
        if (value == null) {
            throw new IllegalStateException(operation + " answered nothing");
        }
        return value;
    }
}
