package io.github.vodhls.core.video;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads ApsaraVideo VOD event notifications, from the two ways they reach the upload-callback function.
 *
 * <p><b>HTTP callback</b> ({@link #parseCallback}): the POST body is one VOD event, a JSON object such as
 * {@code {"EventTime":"…","EventType":"FileUploadComplete","VideoId":"…","Status":"success","Size":123,
 * "FileUrl":"…","Extend":"…"}}.
 *
 * <p><b>MNS queue trigger</b> ({@link #parse}): FC delivers queue messages through EventBridge as CloudEvents
 * ({@code specversion, id, source: "acs:mns", type: "mns:Queue:SendMessage", subject, time, …,
 * data: {requestId, messageId, messageBody}}) where {@code data.messageBody} is the message VOD enqueued, i.e. the
 * same event JSON. In "event" push mode the function receives one envelope object; in "event stream" mode (batch
 * push) it receives a JSON array of envelopes. Assumed, and tolerated both ways: {@code messageBody} is usually
 * the event as a JSON string; it may be base64 of that string (the trigger's Base64-decoding option turned off) or
 * an already-parsed JSON object. A bare VOD event, or an array of them, is accepted as well.
 *
 * <p>Any {@code EventType} is parsed (callers ignore what they do not handle); only a missing {@code EventType},
 * malformed JSON, a wrongly typed field or an input over {@link #MAX_BYTES} are refused, with
 * {@link ErrorCode#MALFORMED_BODY}. Messages never echo the input.
 */
public final class VodEvents {
    /** Largest input accepted, in bytes (a batch of envelopes included). */
    public static final int MAX_BYTES = 256 * 1024;

    private static final Pattern SIZE = Pattern.compile("[0-9]{1,18}");

    private VodEvents() {
    }

    /** One VOD event: the body of VOD's HTTP callback. */
    public static VodEvent parseCallback(byte[] body) {
        JsonElement root = parseJson(body, "body");
        if (!root.isJsonObject()) {
            throw malformed("body must be a JSON object (a VOD event)");
        }
        return toEvent(root.getAsJsonObject(), "");
    }

    /** Text form of {@link #parseCallback(byte[])}. */
    public static VodEvent parseCallback(String body) {
        return parseCallback(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every VOD event in an MNS queue trigger's event: one CloudEvents envelope, a JSON array of them, a bare VOD
     * event or an array of those. The list is in delivery order and never empty.
     */
    public static List<VodEvent> parse(byte[] input) {
        JsonElement root = parseJson(input, "event");
        if (root.isJsonObject()) {
            return Collections.singletonList(fromEnvelopeOrEvent(root.getAsJsonObject(), ""));
        }
        if (!root.isJsonArray()) {
            throw malformed("event must be a JSON object or an array of objects");
        }
        JsonArray array = root.getAsJsonArray();
        if (array.isEmpty()) {
            throw malformed("event holds no messages");
        }
        List<VodEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            String where = "message " + (i + 1) + ": ";
            if (!element.isJsonObject()) {
                throw malformed(where + "must be a JSON object");
            }
            events.add(fromEnvelopeOrEvent(element.getAsJsonObject(), where));
        }
        return Collections.unmodifiableList(events);
    }

    /** One message of a queue batch: its event, or why it could not be read. */
    public static final class Message {
        private final VodEvent event;
        private final String problem;

        private Message(VodEvent event, String problem) {
            this.event = event;
            this.problem = problem;
        }

        /** The event, or null when the message is malformed. */
        public VodEvent event() {
            return event;
        }

        /** Why the message is malformed, or null. */
        public String problem() {
            return problem;
        }
    }

    /**
     * Like {@link #parse(byte[])}, but a malformed message does not spoil the batch: it comes back with its problem,
     * so the caller can acknowledge it and still handle the others. Input that is not JSON at all still throws.
     */
    public static List<Message> parseMessages(byte[] input) {
        JsonElement root = parseJson(input, "event");
        List<JsonElement> elements = new ArrayList<>();
        if (root.isJsonArray()) {
            root.getAsJsonArray().forEach(elements::add);
        } else {
            elements.add(root);
        }
        if (elements.isEmpty()) {
            throw malformed("event holds no messages");
        }
        List<Message> messages = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String where = elements.size() == 1 ? "" : "message " + (i + 1) + ": ";
            try {
                if (!elements.get(i).isJsonObject()) {
                    throw malformed(where + "must be a JSON object");
                }
                messages.add(new Message(fromEnvelopeOrEvent(elements.get(i).getAsJsonObject(), where), null));
            } catch (InvalidRequestException e) {
                messages.add(new Message(null, e.getMessage()));
            }
        }
        return Collections.unmodifiableList(messages);
    }

    /** Text form of {@link #parse(byte[])}. */
    public static List<VodEvent> parse(String input) {
        return parse(input == null ? null : input.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonElement parseJson(byte[] input, String what) {
        if (input == null || input.length == 0) {
            throw malformed(what + " is empty");
        }
        if (input.length > MAX_BYTES) {
            throw malformed(what + " is larger than " + MAX_BYTES + " bytes");
        }
        return parseText(new String(input, StandardCharsets.UTF_8), what + " is not valid JSON");
    }

    private static JsonElement parseText(String text, String failure) {
        if (io.github.vodhls.core.json.ByteOrderMark.leads(text)) {
            throw malformed(failure);
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException e) {
            throw malformed(failure);
        }
    }

    private static VodEvent fromEnvelopeOrEvent(JsonObject object, String where) {
        if (object.has("EventType")) {
            return toEvent(object, where);
        }
        if (!object.has("data")) {
            throw malformed(where + "neither a VOD event (EventType is missing) nor a CloudEvents envelope (data is"
                    + " missing)");
        }
        JsonElement data = object.get("data");
        if (!data.isJsonObject() || !data.getAsJsonObject().has("messageBody")) {
            throw malformed(where + "data.messageBody is missing");
        }
        return toEvent(messageBody(data.getAsJsonObject().get("messageBody"), where), where);
    }

    private static JsonObject messageBody(JsonElement body, String where) {
        if (body.isJsonObject()) {
            return body.getAsJsonObject();
        }
        String failure = where + "data.messageBody is not a VOD event JSON (nor base64 of one)";
        if (!body.isJsonPrimitive() || !body.getAsJsonPrimitive().isString()) {
            throw malformed(failure);
        }
        String text = body.getAsString().trim();
        if (!text.startsWith("{")) {
            try {
                text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                throw malformed(failure);
            }
        }
        if (!text.startsWith("{")) {
            throw malformed(failure);
        }
        JsonElement parsed = parseText(text, failure);
        if (!parsed.isJsonObject()) {
            throw malformed(failure);
        }
        return parsed.getAsJsonObject();
    }

    private static VodEvent toEvent(JsonObject o, String where) {
        String eventType = string(o, "EventType", where);
        if (eventType == null || eventType.isBlank()) {
            throw malformed(where + "EventType is missing");
        }
        return new VodEvent(eventType, string(o, "VideoId", where), string(o, "Status", where),
                string(o, "EventTime", where), string(o, "FileUrl", where), size(o, where), extend(o));
    }

    private static String string(JsonObject o, String field, String where) {
        JsonElement value = o.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw malformed(where + field + " must be a string");
        }
        return value.getAsString();
    }

    /** {@code Size} as a whole number of bytes; VOD writes a number, a numeric string is tolerated. */
    private static Long size(JsonObject o, String where) {
        JsonElement value = o.get("Size");
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonPrimitive()) {
            JsonPrimitive p = value.getAsJsonPrimitive();
            String text = p.getAsString().trim();
            if ((p.isNumber() || p.isString()) && SIZE.matcher(text).matches()) {
                return Long.parseLong(text);
            }
        }
        throw malformed(where + "Size must be a whole, non-negative number");
    }

    /** {@code Extend} verbatim: a string as is, any other JSON value in its JSON text. */
    private static String extend(JsonObject o) {
        JsonElement value = o.get("Extend");
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        return value.toString();
    }

    private static InvalidRequestException malformed(String message) {
        return new InvalidRequestException(ErrorCode.MALFORMED_BODY, message);
    }
}
