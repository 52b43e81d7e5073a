package io.github.vodhls.adapters.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import io.github.vodhls.core.entitlement.Entitlements;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the customer's backend whether a user may watch a video.
 *
 * <p>Request: {@code POST <url>} with {@code Content-Type: application/json}, body
 * {@code {"userId": "...", "videoId": "..."}} and, when a secret is configured, {@code Authorization: Bearer <secret>}.
 * Redirects are not followed (the secret never goes to another host).
 *
 * <p>Answers:
 * <ul>
 *   <li>200 with {@code {"allowed": true}}: may watch; 200 with {@code {"allowed": false}}: may not;</li>
 *   <li>403 or 404: may not (a backend that refuses or does not know the pair says no);</li>
 *   <li>a timeout, an I/O error, 5xx or 429: retried up to {@code retries} extra times, {@value #BACKOFF_MILLIS} ms
 *       apart, then {@code ENTITLEMENT_UNAVAILABLE};</li>
 *   <li>anything else (other statuses, a body that is not JSON, a missing or non-boolean {@code allowed}, a body
 *       over {@value #MAX_BODY_BYTES} bytes): {@code ENTITLEMENT_UNAVAILABLE} at once.</li>
 * </ul>
 * It fails closed: no failure ever reads as "yes". Messages name the host, the status and the attempts, never the
 * secret, the user, the video or the body.
 */
public final class WebhookEntitlements implements Entitlements {
    /** Largest answer body read; a longer one is refused. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Pause between two attempts. */
    public static final long BACKOFF_MILLIS = 50;
    public static final int MAX_RETRIES = 3;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setStrictness(Strictness.STRICT)
            .create();

    private final URI url;
    private final String host;
    private final String secret;
    private final Duration timeout;
    private final int retries;
    private volatile HttpClient client;

    /** The real client; its {@link HttpClient} is built on the first call, not at cold start. */
    public WebhookEntitlements(URI url, String secret, Duration timeout, int retries) {
        this(url, secret, timeout, retries, null);
    }

    /** With a given client (tests); null builds one on the first call. */
    public WebhookEntitlements(URI url, String secret, Duration timeout, int retries, HttpClient client) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("entitlement webhook URL must be an absolute http(s) URL");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("entitlement webhook timeout must be positive");
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("entitlement webhook retries must be 0.." + MAX_RETRIES);
        }
        String normalizedSecret = secret == null || secret.isEmpty() ? null : secret;
        if (normalizedSecret != null && !isHeaderSafe(normalizedSecret)) {
            throw new IllegalArgumentException("entitlement webhook secret must be printable ASCII without spaces");
        }
        this.url = url;
        this.host = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        this.secret = normalizedSecret;
        this.timeout = timeout;
        this.retries = retries;
        this.client = client;
    }

    @Override
    public boolean mayWatch(String userId, String videoId) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(videoId, "videoId");
        HttpRequest request = request(userId, videoId);
        int attempts = 1 + retries;
        for (int attempt = 1; ; attempt++) {
            Attempt result = attempt(request);
            if (result.answer != null) {
                return result.answer;
            }
            if (!result.retryable || attempt >= attempts) {
                throw new DependencyUnavailableException(ErrorCode.ENTITLEMENT_UNAVAILABLE,
                        "entitlement webhook at " + host + " " + result.problem + " (" + attempt
                                + (attempt == 1 ? " attempt)" : " attempts)"),
                        result.cause);
            }
            pause(attempt);
        }
    }

    private HttpRequest request(String userId, String videoId) {
        JsonObject body = new JsonObject();
        body.addProperty("userId", userId);
        body.addProperty("videoId", videoId);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(body), StandardCharsets.UTF_8));
        if (secret != null) {
            builder.header("Authorization", "Bearer " + secret);
        }
        return builder.build();
    }

    private Attempt attempt(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = BoundedExchange.send(client(), request, timeout, MAX_BODY_BYTES);
        } catch (BoundedExchange.ExchangeException e) {
            switch (e.failure()) {
                case TIMED_OUT:
                    return Attempt.retry("timed out after " + timeout.toMillis() + " ms", e.getCause());
                case INTERRUPTED:
                    return Attempt.fail("call was interrupted", e.getCause());
                case TOO_LARGE:
                    return Attempt.fail("answered with a body over " + MAX_BODY_BYTES + " bytes", null);
                case UNREACHABLE:
                    return Attempt.retry("could not be reached (" + e.causeName() + ")", e.getCause());
                default:
                    return Attempt.fail("call failed (" + e.causeName() + ")", e.getCause());
            }
        }
        return interpret(response.statusCode(), response.body());
    }

    private static Attempt interpret(int status, byte[] body) {
        if (status == 403 || status == 404) {
            return Attempt.answer(false);
        }
        if (status >= 500 || status == 429) {
            return Attempt.retry("answered HTTP " + status, null);
        }
        if (status != 200) {
            return Attempt.fail("answered HTTP " + status, null);
        }
        if (io.github.vodhls.core.json.ByteOrderMark.leads(body)) {
            return Attempt.fail("answered HTTP 200 with a body that is not JSON", null);
        }
        JsonElement element;
        try {
            element = GSON.fromJson(new String(body, StandardCharsets.UTF_8), JsonElement.class);
        } catch (JsonParseException e) {
            return Attempt.fail("answered HTTP 200 with a body that is not JSON", null);
        }
        if (element == null || !element.isJsonObject()) {
            return Attempt.fail("answered HTTP 200 without a JSON object", null);
        }
        JsonElement allowed = element.getAsJsonObject().get("allowed");
        if (allowed == null || !allowed.isJsonPrimitive() || !allowed.getAsJsonPrimitive().isBoolean()) {
            return Attempt.fail("answered HTTP 200 without a boolean \"allowed\"", null);
        }
        return Attempt.answer(allowed.getAsBoolean());
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(ErrorCode.ENTITLEMENT_UNAVAILABLE,
                    "entitlement webhook at " + host + ": interrupted after " + attempt + " attempts", e);
        }
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    client = current;
                }
            }
        }
        return current;
    }

    private static boolean isHeaderSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "WebhookEntitlements[" + host + ", timeout " + timeout.toMillis() + " ms, retries " + retries
                + (secret != null ? ", with secret" : "") + "]";
    }

    /** The outcome of one call: an answer, or a problem that may be retried. */
    private static final class Attempt {
        final Boolean answer;
        final boolean retryable;
        final String problem;
        final Throwable cause;

        private Attempt(Boolean answer, boolean retryable, String problem, Throwable cause) {
            this.answer = answer;
            this.retryable = retryable;
            this.problem = problem;
            this.cause = cause;
        }

        static Attempt answer(boolean allowed) {
            return new Attempt(allowed, false, null, null);
        }

        static Attempt retry(String problem, Throwable cause) {
            return new Attempt(null, true, problem, cause);
        }

        static Attempt fail(String problem, Throwable cause) {
            return new Attempt(null, false, problem, cause);
        }
    }

}
