package io.github.vodhls.core.endpoint;

import io.github.vodhls.core.token.TokenBindings;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.http.Cors;
import io.github.vodhls.core.http.RefusalCaching;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.core.http.LogFields;
import io.github.vodhls.core.http.QueryValues;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.keys.DecryptService;
import io.github.vodhls.core.playlist.PlaylistRewriter;
import io.github.vodhls.core.token.TokenClaims;
import java.util.Map;

/**
 * The decrypt function behind {@code DecryptKeyUri}: {@code GET ?Ciphertext=C&MtsHlsUriToken=T} answers the 16 raw
 * key bytes. {@code HEAD} checks the token (also that it is known and not revoked) and the ciphertext's video but
 * consumes no use (and does not read the use count) and returns no key. Any path is accepted, so the
 * function's root URL (or any custom-domain path) can be the key URI.
 */
public final class DecryptEndpoint implements HttpEndpoint {
    static final String TOKEN_PARAMETER = PlaylistRewriter.TOKEN_PARAMETER;

    private final DecryptService decrypt;
    private final Cors cors;
    private final RefusalCaching refusals;
    private final String cacheControl;
    private final TokenBindings bindings;

    /** @param cacheControlMaxAgeSeconds max-age of key responses; 0 sends {@code no-store} */
    public DecryptEndpoint(DecryptService decrypt, Cors cors, int cacheControlMaxAgeSeconds) {
        this(decrypt, cors, cacheControlMaxAgeSeconds, TokenBindings.none(), RefusalCaching.off());
    }

    /**
     * @param bindings where the client IP comes from, to check tokens bound to one
     * @param refusals how long a browser may reuse a refused key request
     */
    public DecryptEndpoint(DecryptService decrypt, Cors cors, int cacheControlMaxAgeSeconds,
            TokenBindings bindings, RefusalCaching refusals) {
        this.decrypt = decrypt;
        this.cors = cors;
        this.bindings = bindings;
        this.refusals = refusals;
        this.cacheControl = cacheControlMaxAgeSeconds > 0 ? "private, max-age=" + cacheControlMaxAgeSeconds
                : "no-store";
    }

    @Override
    public HttpResponse handle(HttpRequest request, LogFields log) {
        HttpResponse preflight = cors.readOnly(request, "the key URI");
        if (preflight != null) {
            return preflight;
        }
        String ciphertext = QueryValues.single("Ciphertext", ciphertextParameter(request));
        String token = QueryValues.single(TOKEN_PARAMETER, request.queryParameter(TOKEN_PARAMETER));
        if (ciphertext == null || ciphertext.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER, "Ciphertext is required");
        }
        if (token == null || token.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.TOKEN_MISSING, TOKEN_PARAMETER + " is required");
        }
        Map<String, String> corsHeaders = cors.responseHeaders(request);
        TokenClaims claims = decrypt.verify(token, bindings.client(request.sourceIp(), request::header));
        log.token(claims);
        if (request.method().equals("HEAD")) {
            decrypt.check(ciphertext, claims);
            return HttpResponse.binary(200, "application/octet-stream", new byte[0])
                    .withHeader("Cache-Control", "no-store").withHeaders(corsHeaders);
        }
        DecryptService.Release release = decrypt.release(ciphertext, claims);
        return HttpResponse.binary(200, "application/octet-stream", release.key())
                .withHeader("Cache-Control", cacheControl)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeaders(corsHeaders);
    }

    @Override
    public Map<String, String> corsHeaders(HttpRequest request) {
        return cors.responseHeaders(request);
    }

    @Override
    public Map<String, String> refusalHeaders(HttpRequest request, VodHlsException refusal) {
        return refusals.headers(request, refusal);
    }

    private static String ciphertextParameter(HttpRequest request) {
        String value = request.queryParameter("Ciphertext");
        if (value == null) {
            value = request.queryParameter("CipherText");
        }
        if (value == null) {
            value = request.queryParameter("ciphertext");
        }
        return value;
    }
}
