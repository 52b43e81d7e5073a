package io.github.vodhls.adapters.http;

import io.github.vodhls.core.config.ConfigVariable;
import io.github.vodhls.core.error.ConfigurationException;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import io.github.vodhls.core.playlist.MediaPath;
import io.github.vodhls.core.playlist.OriginText;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads playlists from an HTTP origin (an OSS bucket, a CDN origin): {@code GET {base}/{videoId}/{file}}. 200 is the
 * playlist (UTF-8, at most {@code maxBytes}); 404 and 410 mean there is no such file; anything else, a timeout or a
 * connection failure is {@code ORIGIN_UNAVAILABLE}; an oversized or non-UTF-8 body is {@code ORIGIN_RESPONSE_INVALID}.
 * Redirects are not followed. Messages name the origin's host and the path, never a body.
 */
public final class HttpPlaylistOrigin implements PlaylistOrigin {
    private final String base;
    private final String host;
    private final Duration timeout;
    private final int maxBytes;
    private final HttpClient client;

    /** @param baseUrl http(s) URL without query, e.g. {@code https://bucket.oss-cn-shanghai.aliyuncs.com/hls} */
    public HttpPlaylistOrigin(String baseUrl, Duration timeout, int maxBytes) {
        URI uri = URI.create(baseUrl);
        if (uri.getHost() == null || uri.getRawQuery() != null) {
            throw new ConfigurationException(ConfigVariable.ORIGIN_BASE_URL.name(),
                    "must be an absolute http(s) URL without query");
        }
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.host = uri.getHost();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Optional<String> read(MediaPath path) {
        // MediaPath segments are plain names: nothing in them needs escaping.
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + path.relative()))
                .timeout(timeout)
                .header("Accept", "application/vnd.apple.mpegurl, application/x-mpegurl, */*")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = BoundedExchange.send(client, request, timeout, maxBytes);
        } catch (BoundedExchange.ExchangeException e) {
            switch (e.failure()) {
                case TOO_LARGE:
                    throw new UpstreamResponseInvalidException(ErrorCode.ORIGIN_RESPONSE_INVALID,
                            describe(path) + " is larger than " + maxBytes + " bytes");
                case TIMED_OUT:
                    throw unavailable(path, "timed out after " + timeout.toMillis() + " ms", e.getCause());
                default:
                    throw unavailable(path, "failed: " + e.causeName(), e.getCause());
            }
        }
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            return Optional.empty();
        }
        if (status != 200) {
            throw unavailable(path, "answered HTTP " + status, null);
        }
        return Optional.of(OriginText.decode(response.body(), describe(path)));
    }

    private String describe(MediaPath path) {
        return "origin file " + host + "/" + path.relative();
    }

    private DependencyUnavailableException unavailable(MediaPath path, String what, Throwable cause) {
        return new DependencyUnavailableException(ErrorCode.ORIGIN_UNAVAILABLE, describe(path) + ": " + what, cause);
    }

    @Override
    public String toString() {
        return "HttpPlaylistOrigin[" + host + ", timeout " + timeout.toMillis() + " ms, max " + maxBytes + " bytes]";
    }
}
