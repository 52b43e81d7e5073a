package io.github.vodhls.adapters.http;

import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.JwksSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the JWKS document of the customer's identity provider with {@link HttpClient}.
 *
 * <p>The URL must be https; plain http is accepted only for loopback hosts ({@code localhost}, {@code 127.x.x.x},
 * {@code ::1}), for the local stack and tests. One timeout bounds both the connection and the whole exchange
 * including the body; redirects are not followed; the body is bounded to {@link #MAX_BODY_BYTES}. Any non-200 answer,
 * timeout, oversized body or I/O failure is a {@link DependencyUnavailableException} with
 * {@code LOGIN_KEYS_UNAVAILABLE} whose message names the host and what went wrong, never the body.
 */
public final class HttpJwksSource implements JwksSource {

    /** Largest JWKS document accepted. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public HttpJwksSource(String url, Duration timeout) {
        this.url = checkedUrl(url);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new ConfigurationException(ConfigVariable.LOGIN_JWKS_TIMEOUT_MS.name(), "must be positive");
        }
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static URI checkedUrl(String value) {
        String variable = ConfigVariable.LOGIN_JWKS_URL.name();
        URI uri;
        try {
            uri = new URI(value == null ? "" : value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(variable, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(uri
                .getHost()))) {
            throw new ConfigurationException(variable,
                    "must be an absolute https URL (http only for localhost/127.0.0.1/::1)");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    @Override
    public String fetch() {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = BoundedExchange.send(client, request, timeout, MAX_BODY_BYTES);
        } catch (BoundedExchange.ExchangeException e) {
            switch (e.failure()) {
                case TIMED_OUT:
                    throw unavailable("timed out after " + timeout.toMillis() + " ms", e.getCause());
                case INTERRUPTED:
                    throw unavailable("was interrupted", e.getCause());
                case TOO_LARGE:
                    throw unavailable("answered with more than " + MAX_BODY_BYTES + " bytes", null);
                default:
                    throw unavailable("failed: " + e.causeName(), e.getCause());
            }
        }
        if (response.statusCode() != 200) {
            throw unavailable("answered HTTP " + response.statusCode(), null);
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private DependencyUnavailableException unavailable(String what, Throwable cause) {
        return new DependencyUnavailableException(ErrorCode.LOGIN_KEYS_UNAVAILABLE,
                "JWKS fetch from " + url.getHost() + " " + what, cause);
    }

    @Override
    public String toString() {
        return "HttpJwksSource[" + url.getHost() + ", timeout " + timeout.toMillis() + " ms]";
    }
}
