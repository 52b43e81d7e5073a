package io.github.vodhls.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies are RFC 8259 JSON objects and nothing more lenient. */
class JsonBodyTest {

    private static JsonBody parse(String body) {
        return JsonBody.parse(new HttpRequest("POST", "/token", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), null));
    }

    @Test
    void strictJson_isRead() {
        assertEquals("v", parse("{\"videoId\":\"v\", \"userId\": \"u\"}\n").optionalString("videoId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"videoId\":\"v\" /* a comment */}", "{\"videoId\":\"v\"} // comment",
        "{'videoId':'v'}", "{videoId:\"v\"}", "{\"videoId\":\"v\"} trailing", "{\"videoId\":\"v\",}",
        "{\"videoId\":\"v\"}{\"videoId\":\"w\"}", "{\"a\":NaN}"})
    void lenientJson_isMalformed(String body) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(body));
        assertEquals(ErrorCode.MALFORMED_BODY, e.errorCode());
    }
}
