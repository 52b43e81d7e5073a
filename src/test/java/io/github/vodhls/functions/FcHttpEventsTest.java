package io.github.vodhls.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.testing.FcEventBuilder;
import io.github.vodhls.testing.FcResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class FcHttpEventsTest {

    private static HttpRequest read(String json) throws IOException {
        return FcHttpEvents.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static FcResponse written(HttpResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FcHttpEvents.write(response, out);
        return FcResponse.parse(out.toByteArray());
    }

    @Test
    void read_takesMethodQueryHeadersAndSourceIp() throws IOException {
        HttpRequest request = FcHttpEvents.read(FcEventBuilder.get("/decrypt").query("Ciphertext", "a+b/c=")
                .query("MtsHlsUriToken", "t").header("origin", "https://p.example").sourceIp("198.51.100.9")
                .toStream());

        assertEquals("GET", request.method());
        assertEquals("/decrypt", request.path());
        assertEquals("a+b/c=", request.queryParameter("Ciphertext"));
        assertEquals("https://p.example", request.header("Origin"));
        assertEquals("198.51.100.9", request.sourceIp());
        assertEquals(0, request.body().length);
    }

    @Test
    void read_decodesPercentEscapesInRawPathButKeepsPlus() throws IOException {
        HttpRequest request = read(FcEventBuilder.get("ignored").rawPath("/media/My%20Video/a+b%2Bc%E4%BD%A0.m3u8")
                .build());
        assertEquals("/media/My Video/a+b+c\u4f60.m3u8", request.path());
    }

    @Test
    void read_whenRawPathHasMalformedEscape_isInvalidParameter() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> read(FcEventBuilder.get("x").rawPath("/bad%2").build()));
        assertEquals(ErrorCode.INVALID_PARAMETER, e.errorCode());
        assertEquals(ErrorCode.INVALID_PARAMETER, assertThrows(InvalidRequestException.class,
                () -> read(FcEventBuilder.get("x").rawPath("/bad%zzpath").build())).errorCode());
    }

    @Test
    void read_whenBodyBase64Encoded_decodesIt() throws IOException {
        byte[] bytes = new byte[300];
        new SecureRandom().nextBytes(bytes);
        assertArrayEquals(bytes, read(FcEventBuilder.post("/upload").base64Body(bytes).build()).body());
    }

    @Test
    void read_whenBodyIsText_takesUtf8Bytes() throws IOException {
        assertEquals("{\"userId\":\"\u00e9\"}",
                new String(read(FcEventBuilder.post("/token").json("{\"userId\":\"\u00e9\"}").build()).body(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void read_whenBase64BodyInvalid_isMalformedBody() {
        assertEquals(ErrorCode.MALFORMED_BODY, assertThrows(InvalidRequestException.class,
                () -> read(FcEventBuilder.post("/token").rawBase64Body("***not base64***").build())).errorCode());
    }

    @Test
    void read_whenRequestContextMissing_isMalformedBody() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> read(FcEventBuilder.get("/decrypt").withoutRequestContext().build()));
        assertEquals(ErrorCode.MALFORMED_BODY, e.errorCode());
        assertTrue(e.getMessage().contains("requestContext.http.method"), e.getMessage());
    }

    @Test
    void read_whenNotJsonObject_isMalformedBody() {
        for (String notAnEvent : new String[] {"", "not json", "[1,2]", "\"string\"", "{\"requestContext\":"}) {
            assertEquals(ErrorCode.MALFORMED_BODY,
                    assertThrows(InvalidRequestException.class, () -> read(notAnEvent)).errorCode(), notAnEvent);
        }
    }

    @Test
    void read_whenEventLargerThanLimit_isMalformedBody() {
        String huge = FcEventBuilder.post("/token").body("x".repeat(FcHttpEvents.MAX_EVENT_BYTES)).build();
        assertEquals(ErrorCode.MALFORMED_BODY,
                assertThrows(InvalidRequestException.class, () -> read(huge)).errorCode());
    }

    @Test
    void write_binaryBody_isBase64EncodedAndDecodesToExactly16Bytes() throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);

        FcResponse response = written(HttpResponse.binary(200, "application/octet-stream", key)
                .withHeader("Cache-Control", "private, max-age=300"));

        assertEquals(200, response.statusCode());
        assertTrue(response.isBase64Encoded());
        assertEquals(16, response.body().length);
        assertArrayEquals(key, response.body());
        assertEquals("application/octet-stream", response.header("Content-Type"));
        assertEquals("private, max-age=300", response.header("Cache-Control"));
    }

    @Test
    void write_jsonBody_isPlainText() throws IOException {
        FcResponse response = written(HttpResponse.json(400, "{\"code\":\"X\",\"message\":\"m\"}"));
        assertEquals(400, response.statusCode());
        assertFalse(response.isBase64Encoded());
        assertEquals("X", response.errorCode());
        assertEquals("application/json; charset=utf-8", response.header("content-type"));
    }

    @Test
    void write_emptyResponse_hasEmptyBody() throws IOException {
        FcResponse response = written(HttpResponse.empty(204));
        assertEquals(204, response.statusCode());
        assertEquals(0, response.body().length);
        assertNull(response.header("Content-Type"));
    }

    /** Two byte order marks and a long bare literal would loop Gson's reader forever (see ByteOrderMark). */
    @Test
    void read_ofAnEventThatWouldHangTheJsonParser_isMalformed() {
        byte[] evil = ("\uFEFF\uFEFF" + "t".repeat(1023)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            assertEquals(ErrorCode.MALFORMED_BODY, assertThrows(InvalidRequestException.class,
                    () -> FcHttpEvents.read(evil)).errorCode());
            assertFalse(FcHttpEvents.isHttpEvent(evil));
        });
    }
}
