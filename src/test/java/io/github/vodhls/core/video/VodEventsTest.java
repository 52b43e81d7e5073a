package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class VodEventsTest {
    private static final VodEvent SAMPLE = new VodEvent("FileUploadComplete", "1f2e3d4c5b6a79880f1e2d3c4b5a6978",
            "success", "2024-05-01T07:59:58Z",
            "https://outin-fakebucket.oss-cn-shanghai.aliyuncs.com/sv/fake-1/fake-1.mp4", 4217344L,
            "{\"uploader\":\"demo\"}");

    private static String sample(String name) throws IOException {
        return new String(Files.readAllBytes(Paths.get("events", name)), StandardCharsets.UTF_8);
    }

    // ---- the sample files under events/

    @Test
    void parseCallback_ofTheBareVodSample_readsEveryField() throws IOException {
        VodEvent event = VodEvents.parseCallback(sample("vod-file-upload-complete.json"));
        assertEquals(SAMPLE, event);
        assertTrue(event.isUploadSuccess());
    }

    @Test
    void parseCallback_ofTheHttpCallbackSampleBody_readsTheSameEventAndItsHeadersVerify() throws IOException {
        JsonObject http = JsonParser.parseString(sample("callback-file-upload-complete.json")).getAsJsonObject();
        assertEquals("POST", http.getAsJsonObject("requestContext").getAsJsonObject("http").get("method").getAsString());
        assertFalse(http.get("isBase64Encoded").getAsBoolean());
        assertEquals(SAMPLE, VodEvents.parseCallback(http.get("body").getAsString()));

        JsonObject headers = http.getAsJsonObject("headers");
        MutableClock clock = MutableClock.atDefaultStart();
        VodCallbackSignature signature = new VodCallbackSignature("https://callback.example.com/vod",
                "fake-callback-primary-key-0000", null, Duration.ofSeconds(300), clock);
        assertDoesNotThrow(() -> signature.verify(headers.get(VodCallbackSignature.TIMESTAMP_HEADER).getAsString(),
                headers.get(VodCallbackSignature.SIGNATURE_HEADER).getAsString()));
    }

    @Test
    void parse_ofTheMnsSample_readsBothMessagesInOrder() throws IOException {
        List<VodEvent> events = VodEvents.parse(sample("mns-file-upload-complete.json"));
        assertEquals(2, events.size());
        assertEquals(SAMPLE, events.get(0));
        VodEvent second = events.get(1);
        assertEquals("FileUploadComplete", second.eventType());
        assertEquals("2a3b4c5d6e7f80911a2b3c4d5e6f7081", second.videoId());
        assertEquals(1048576L, second.size());
        assertNull(second.extend());
        assertTrue(second.isUploadSuccess());
    }

    @Test
    void parse_ofOneEnvelopeObject_readsItsMessage() throws IOException {
        JsonArray batch = JsonParser.parseString(sample("mns-file-upload-complete.json")).getAsJsonArray();
        assertEquals(List.of(SAMPLE), VodEvents.parse(batch.get(0).toString()));
    }

    @Test
    void parse_whenMessageBodyIsBase64OfTheEvent_readsIt() throws IOException {
        JsonObject envelope = firstEnvelope();
        String body = envelope.getAsJsonObject("data").get("messageBody").getAsString();
        envelope.getAsJsonObject("data").addProperty("messageBody",
                Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(SAMPLE), VodEvents.parse(envelope.toString()));
    }

    @Test
    void parse_whenMessageBodyIsAJsonObject_readsIt() throws IOException {
        JsonObject envelope = firstEnvelope();
        envelope.getAsJsonObject("data").add("messageBody",
                JsonParser.parseString(sample("vod-file-upload-complete.json")));
        assertEquals(List.of(SAMPLE), VodEvents.parse(envelope.toString()));
    }

    @Test
    void parse_ofABareEventOrAnArrayOfThem_readsThem() throws IOException {
        String bare = sample("vod-file-upload-complete.json");
        assertEquals(List.of(SAMPLE), VodEvents.parse(bare));
        assertEquals(List.of(SAMPLE, SAMPLE), VodEvents.parse("[" + bare + "," + bare + "]"));
    }

    // ---- event types and statuses

    @Test
    void parse_ofAnUnknownEventType_readsItAndItIsNoUploadSuccess() {
        VodEvent event = VodEvents.parseCallback("{\"EventType\":\"SomethingNew\",\"VideoId\":\"v1\",\"Extra\":[1,2]}");
        assertEquals("SomethingNew", event.eventType());
        assertEquals("v1", event.videoId());
        assertNull(event.status());
        assertNull(event.size());
        assertFalse(event.isUploadSuccess());
    }

    @Test
    void isUploadSuccess_whenUploadFailedOrOtherType_isFalse() {
        assertFalse(VodEvents.parseCallback("{\"EventType\":\"FileUploadComplete\",\"VideoId\":\"v\","
                + "\"Status\":\"fail\"}").isUploadSuccess());
        assertFalse(VodEvents.parseCallback("{\"EventType\":\"TranscodeComplete\",\"VideoId\":\"v\","
                + "\"Status\":\"success\"}").isUploadSuccess());
    }

    @Test
    void parse_whenSizeIsANumericStringAndExtendAnObject_readsThem() {
        VodEvent event = VodEvents.parseCallback("{\"EventType\":\"FileUploadComplete\",\"Size\":\"42\","
                + "\"Extend\":{\"a\":1}}");
        assertEquals(42L, event.size());
        assertEquals("{\"a\":1}", event.extend());
    }

    @Test
    void toString_leavesOutTheFileUrlQueryAndTheExtendText() {
        VodEvent event = new VodEvent("FileUploadComplete", "v1", "success", null,
                "https://bucket.example.com/a.mp4?Expires=1&Signature=FAKESIG", 1L, "secret-ish user data");
        String text = event.toString();
        assertTrue(text.contains("fileUrl=https://bucket.example.com/a.mp4,"), text);
        assertFalse(text.contains("FAKESIG"), text);
        assertFalse(text.contains("secret-ish"), text);
    }

    // ---- refusals

    @Test
    void parse_whenInputIsNotJson_isMalformed() {
        assertMalformed("body is not valid JSON", () -> VodEvents.parseCallback("{\"EventType\":"));
        assertMalformed("event is not valid JSON", () -> VodEvents.parse("[{]"));
    }

    @Test
    void parse_whenInputIsEmpty_isMalformed() {
        assertMalformed("body is empty", () -> VodEvents.parseCallback(new byte[0]));
        assertMalformed("event is empty", () -> VodEvents.parse((String) null));
    }

    @Test
    void parse_whenEventTypeIsMissingOrBlank_isMalformed() {
        assertMalformed("EventType is missing", () -> VodEvents.parseCallback("{\"VideoId\":\"v1\"}"));
        assertMalformed("EventType is missing", () -> VodEvents.parseCallback("{\"EventType\":\" \"}"));
        assertMalformed("message 1: neither a VOD event (EventType is missing) nor a CloudEvents envelope (data is"
                + " missing)", () -> VodEvents.parse("[{\"VideoId\":\"v1\"}]"));
        assertMalformed("message 2: EventType is missing",
                () -> VodEvents.parse("[{\"EventType\":\"A\"},{\"data\":{\"messageBody\":\"{\\\"x\\\":1}\"}}]"));
    }

    @Test
    void parse_whenFieldsHaveTheWrongType_isMalformed() {
        assertMalformed("EventType must be a string", () -> VodEvents.parseCallback("{\"EventType\":7}"));
        assertMalformed("VideoId must be a string",
                () -> VodEvents.parseCallback("{\"EventType\":\"A\",\"VideoId\":{\"x\":1}}"));
        for (String size : Arrays.asList("-1", "1.5", "\"abc\"", "1e400", "[1]")) {
            assertMalformed("Size must be a whole, non-negative number",
                    () -> VodEvents.parseCallback("{\"EventType\":\"A\",\"Size\":" + size + "}"));
        }
    }

    @Test
    void parse_whenTopLevelIsNeitherObjectNorArray_isMalformed() {
        assertMalformed("body must be a JSON object (a VOD event)", () -> VodEvents.parseCallback("[]"));
        assertMalformed("event must be a JSON object or an array of objects", () -> VodEvents.parse("\"text\""));
        assertMalformed("event holds no messages", () -> VodEvents.parse("[]"));
        assertMalformed("message 2: must be a JSON object", () -> VodEvents.parse("[{\"EventType\":\"A\"},3]"));
    }

    @Test
    void parse_whenEnvelopeLacksOrGarblesMessageBody_isMalformed() {
        assertMalformed("data.messageBody is missing", () -> VodEvents.parse("{\"data\":{\"messageId\":\"m\"}}"));
        assertMalformed("data.messageBody is missing", () -> VodEvents.parse("{\"data\":\"x\"}"));
        String garbled = "data.messageBody is not a VOD event JSON (nor base64 of one)";
        assertMalformed(garbled, () -> VodEvents.parse("{\"data\":{\"messageBody\":\"TEST\"}}"));
        assertMalformed(garbled, () -> VodEvents.parse("{\"data\":{\"messageBody\":\"{not json\"}}"));
        assertMalformed(garbled, () -> VodEvents.parse("{\"data\":{\"messageBody\":42}}"));
        assertMalformed(garbled, () -> VodEvents.parse("{\"data\":{\"messageBody\":\"%%%\"}}"));
    }

    @Test
    void parse_whenInputIsLargerThanTheBound_isMalformed() {
        String padding = "x".repeat(VodEvents.MAX_BYTES);
        String oversize = "{\"EventType\":\"FileUploadComplete\",\"Extend\":\"" + padding + "\"}";
        assertMalformed("body is larger than 262144 bytes", () -> VodEvents.parseCallback(oversize));
        assertMalformed("event is larger than 262144 bytes", () -> VodEvents.parse(oversize));
    }

    @Test
    void parse_whenJustUnderTheBound_isRead() {
        String head = "{\"EventType\":\"A\",\"Extend\":\"";
        String tail = "\"}";
        String padding = "x".repeat(VodEvents.MAX_BYTES - head.length() - tail.length());
        assertEquals(padding.length(), VodEvents.parseCallback(head + padding + tail).extend().length());
    }

    @Test
    void parse_whenDeeplyNested_isMalformedWithoutStackOverflow() {
        String deep = "[".repeat(VodEvents.MAX_BYTES / 2) + "]".repeat(VodEvents.MAX_BYTES / 2);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> VodEvents.parse(deep));
        assertEquals(ErrorCode.MALFORMED_BODY, e.errorCode());
    }

    private static JsonObject firstEnvelope() throws IOException {
        return JsonParser.parseString(sample("mns-file-upload-complete.json")).getAsJsonArray().get(0)
                .getAsJsonObject();
    }

    private static void assertMalformed(String message, Runnable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call::run);
        assertEquals(ErrorCode.MALFORMED_BODY, e.errorCode());
        assertEquals(message, e.getMessage());
    }

    /** Two byte order marks and a long bare literal would loop Gson's reader forever (see ByteOrderMark). */
    @Test
    void parse_ofABodyThatWouldHangTheJsonParser_isMalformed() {
        byte[] evil = ("\uFEFF\uFEFF" + "t".repeat(1023)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            assertThrows(InvalidRequestException.class, () -> VodEvents.parse(evil));
            assertThrows(InvalidRequestException.class, () -> VodEvents.parseCallback(new String(evil,
                    java.nio.charset.StandardCharsets.UTF_8)));
        });
    }
}
