package io.github.vodhls.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A parsed FC 3.0 HTTP response as a handler wrote it: {@code statusCode, headers, isBase64Encoded, body}. */
public final class FcResponse {
    private final String raw;
    private final int statusCode;
    private final Map<String, String> headers;
    private final boolean base64Encoded;
    private final byte[] body;

    private FcResponse(String raw, int statusCode, Map<String, String> headers, boolean base64Encoded, byte[] body) {
        this.raw = raw;
        this.statusCode = statusCode;
        this.headers = headers;
        this.base64Encoded = base64Encoded;
        this.body = body;
    }

    public static FcResponse parse(byte[] output) {
        String raw = new String(output, StandardCharsets.UTF_8);
        JsonObject json = JsonParser.parseString(raw).getAsJsonObject();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("headers").entrySet()) {
            headers.put(e.getKey(), e.getValue().getAsString());
        }
        boolean base64 = json.get("isBase64Encoded").getAsBoolean();
        String bodyText = json.has("body") && !json.get("body").isJsonNull() ? json.get("body").getAsString() : "";
        byte[] body = base64 ? Base64.getDecoder().decode(bodyText) : bodyText.getBytes(StandardCharsets.UTF_8);
        return new FcResponse(raw, json.get("statusCode").getAsInt(), Collections.unmodifiableMap(headers), base64,
                body);
    }

    /** The whole response JSON as written to the output stream. */
    public String raw() {
        return raw;
    }

    public int statusCode() {
        return statusCode;
    }

    /** Headers, looked up case-insensitively. */
    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public boolean isBase64Encoded() {
        return base64Encoded;
    }

    /** The body bytes, base64-decoded when {@code isBase64Encoded}. */
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
        return JsonParser.parseString(bodyText()).getAsJsonObject();
    }

    /** The {@code code} of an error body. */
    public String errorCode() {
        return json().get("code").getAsString();
    }

    @Override
    public String toString() {
        return raw;
    }
}
