package io.github.vodhls.core.endpoint;

import io.github.vodhls.core.http.EventEndpoint;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.core.http.LogFields;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.ErrorKind;
import io.github.vodhls.core.error.MethodNotAllowedException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.token.Identifiers;
import io.github.vodhls.core.video.CallbackReplayGuard;
import io.github.vodhls.core.video.UploadCallbackService;
import io.github.vodhls.core.video.VodCallbackSignature;
import io.github.vodhls.core.video.VodEvent;
import io.github.vodhls.core.video.VodEvents;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The upload-callback function: VOD's HTTP event notification ({@code POST}, signed with {@code X-VOD-SIGNATURE}),
 * and, without HTTP, the events of an MNS queue trigger ({@link #handleQueueMessages}). Answers 200
 * {@code {"status": "submitted"|"duplicate"|"ignored"}}; a failure before submission is a 5xx so that VOD retries.
 *
 * <p>An HTTP callback passes three checks before its event is handled: the signature and its timestamp window
 * ({@link VodCallbackSignature}), the JSON body, and the binding of its signed header pair to the first body it came
 * with ({@link CallbackReplayGuard}: the same pair with another body is {@code CALLBACK_REPLAYED}). Queue messages
 * carry no such pair (FC and RAM authenticate the trigger) and skip the first and the last.
 */
public final class UploadCallbackEndpoint implements HttpEndpoint, EventEndpoint {
    private final VodCallbackSignature signature;
    private final CallbackReplayGuard replays;
    private final UploadCallbackService service;
    private final ConfigurationException unsignedCallbacks;

    /**
     * @param signature the HTTP callback check, or null when only the MNS trigger is configured
     * @param replays binds each signed pair to its first body; required with {@code signature}
     * @param unsignedCallbacks what an HTTP callback gets when there is no check: the configuration problem, named
     *     by the wiring (which knows the variables)
     */
    public UploadCallbackEndpoint(VodCallbackSignature signature, CallbackReplayGuard replays,
            UploadCallbackService service, ConfigurationException unsignedCallbacks) {
        if (signature != null && replays == null) {
            throw new IllegalArgumentException("signed HTTP callbacks need the replay guard");
        }
        this.signature = signature;
        this.replays = replays;
        this.service = service;
        this.unsignedCallbacks = java.util.Objects.requireNonNull(unsignedCallbacks, "unsignedCallbacks");
    }

    @Override
    public HttpResponse handle(HttpRequest request, LogFields log) {
        if (!request.method().equals("POST")) {
            throw new MethodNotAllowedException("VOD callbacks are POST requests");
        }
        if (signature == null) {
            throw unsignedCallbacks;
        }
        String timestamp = request.header(VodCallbackSignature.TIMESTAMP_HEADER);
        String signed = request.header(VodCallbackSignature.SIGNATURE_HEADER);
        signature.verify(timestamp, signed);
        VodEvent event = VodEvents.parseCallback(request.body());
        log.video(event.videoId());
        replays.admit(timestamp, signed, request.body());
        return HttpResponse.json(200, result(event, service.handle(event), log).toString());
    }

    /**
     * Handles the events of one MNS queue trigger invocation (authenticated by FC and RAM, so unsigned). Every
     * message is handled. Malformed messages and events refused for good (4xx) are acknowledged as
     * {@code rejected}, so they cannot block the batch forever; the first temporary failure (KMS, store, VOD) is
     * rethrown after the others ran, so the batch is redelivered and the handled ones come back as duplicates.
     */
    @Override
    public String handleEvent(byte[] event, LogFields log) {
        return handleQueueMessages(event, log);
    }

    /** The MNS queue trigger's messages: see {@link #handleEvent}; handled failures are noted in {@code log}. */
    public String handleQueueMessages(byte[] event, LogFields log) {
        JsonArray results = new JsonArray();
        RuntimeException firstFailure = null;
        for (VodEvents.Message message : VodEvents.parseMessages(event)) {
            if (message.event() == null) {
                results.add(rejected(null, message.problem()));
                continue;
            }
            try {
                results.add(result(message.event(), service.handle(message.event()), log));
            } catch (VodHlsException e) {
                ErrorKind kind = e.errorCode().kind();
                if (kind == ErrorKind.INVALID_REQUEST || kind == ErrorKind.FORBIDDEN
                        || kind == ErrorKind.NOT_FOUND) {
                    results.add(rejected(message.event(), e.errorCode().code() + ": " + e.getMessage()));
                } else if (firstFailure == null) {
                    firstFailure = e;
                } else {
                    log.problem(alsoFailed(message.event(), e));
                }
            } catch (RuntimeException failure) {
                if (firstFailure == null) {
                    firstFailure = failure;
                } else {
                    log.problem(alsoFailed(message.event(), failure));
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        JsonObject json = new JsonObject();
        json.add("results", results);
        return json.toString();
    }

    /** A failure after the first (the one the invocation fails with), so that it reaches the log line too. */
    private static String alsoFailed(VodEvent event, RuntimeException failure) {
        return "the message for video " + (Identifiers.isId(event.videoId()) ? event.videoId() : "?")
                + " failed too: " + VodHlsException.forLog(failure);
    }

    private static JsonObject rejected(VodEvent event, String reason) {
        JsonObject json = new JsonObject();
        json.addProperty("status", "rejected");
        if (event != null && event.videoId() != null) {
            json.addProperty("videoId", event.videoId());
        }
        json.addProperty("reason", reason);
        return json;
    }

    private static JsonObject result(VodEvent event, UploadCallbackService.Result handled, LogFields log) {
        handled.problem().ifPresent(log::problem);
        JsonObject json = new JsonObject();
        json.addProperty("status", handled.outcome().wire());
        json.addProperty("eventType", event.eventType());
        if (event.videoId() != null) {
            json.addProperty("videoId", event.videoId());
        }
        return json;
    }

    @Override
    public Map<String, String> corsHeaders(HttpRequest request) {
        return Collections.emptyMap();
    }
}
