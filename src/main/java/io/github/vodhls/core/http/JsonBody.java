package io.github.vodhls.core.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.json.ByteOrderMark;
import java.nio.charset.StandardCharsets;

/** A request's JSON object body with typed, validated field access (every problem is a 400 naming the field). */
public final class JsonBody {
    /** Largest body accepted by the JSON routes. */
    public static final int MAX_BYTES = 16 * 1024;

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    public static JsonBody parse(HttpRequest request) {
        byte[] body = request.body();
        if (body.length == 0) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_BODY, "a JSON object body is required");
        }
        if (body.length > MAX_BYTES) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_BODY,
                    "body is larger than " + MAX_BYTES + " bytes");
        }
        try {
            JsonElement element = parseStrict(new String(body, StandardCharsets.UTF_8));
            if (!element.isJsonObject()) {
                throw new InvalidRequestException(ErrorCode.MALFORMED_BODY, "body must be a JSON object");
            }
            return new JsonBody(element.getAsJsonObject());
        } catch (JsonParseException | IllegalStateException e) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_BODY, "body is not valid JSON");
        }
    }

    /**
     * RFC 8259 JSON and nothing else: Gson's default parse accepts comments, single quotes, unquoted names and
     * trailing text, so two parsers (ours and a WAF's, a gateway's, the caller's) could read one body two ways.
     *
     * @throws JsonParseException for anything but one strict JSON value
     */
    static JsonElement parseStrict(String text) {
        if (ByteOrderMark.leads(text)) {
            throw new JsonParseException("not strict JSON"); // and it could loop Gson's reader forever
        }
        try (com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(
                new java.io.StringReader(text))) {
            reader.setStrictness(com.google.gson.Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader); // keeps STRICT (it relaxes only LEGACY_STRICT)
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("trailing content");
            }
            return element;
        } catch (java.io.IOException | RuntimeException e) {
            throw new JsonParseException("not strict JSON");
        }
    }

    public boolean has(String field) {
        return object.has(field) && !object.get(field).isJsonNull();
    }

    /** A string field, or null when absent; 400 when present but not a string. */
    public String optionalString(String field) {
        if (!has(field)) {
            return null;
        }
        JsonElement value = object.get(field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, field + " must be a string");
        }
        return value.getAsString();
    }

    /** An object field, or null when absent; 400 when present but not a JSON object. */
    public JsonBody optionalObject(String field) {
        if (!has(field)) {
            return null;
        }
        JsonElement value = object.get(field);
        if (!value.isJsonObject()) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, field + " must be a JSON object");
        }
        return new JsonBody(value.getAsJsonObject());
    }

    /** The names of the fields present, in the body's order. */
    public java.util.Set<String> fieldNames() {
        return java.util.Collections.unmodifiableSet(object.keySet());
    }

    /** A string field, or null when absent or of another type; never fails (for the log line, not for decisions). */
    public String stringOrNull(String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }

    /** A whole-number field, or null when absent; 400 when present but not a whole number. */
    public Integer optionalInt(String field) {
        if (!has(field)) {
            return null;
        }
        JsonElement value = object.get(field);
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            double d = p.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, field + " must be a whole number");
    }

    /** A {@code true}/{@code false} field, or null when absent; 400 when present but not a JSON boolean. */
    public Boolean optionalBoolean(String field) {
        if (!has(field)) {
            return null;
        }
        JsonElement value = object.get(field);
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean();
        }
        throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, field + " must be true or false");
    }
}
