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
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.TokenRejectedException;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import io.github.vodhls.core.playlist.MediaPath;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import io.github.vodhls.core.playlist.PlaylistRewriter;
import io.github.vodhls.core.playlist.TokenTargets;
import io.github.vodhls.core.token.TokenClaims;
import io.github.vodhls.core.token.TokenService;
import java.util.Map;

/**
 * The playlist function: the CDN's "M3U8 encryption and rewrite" for deployments without it.
 * {@code GET {prefix}{videoId}/{path}.m3u8?MtsHlsUriToken=T} verifies T (signature, expiry, revocation of the token
 * or its video, that the store knows it, bindings, video; no use is consumed: the key fetches count), reads the playlist from the origin and answers it with T on
 * every key URI and on every nested playlist URI. Anything else under the prefix (segments, init sections) is
 * redirected to the segment base URL when one is configured, else 404.
 */
public final class PlaylistEndpoint implements HttpEndpoint {
    static final String CONTENT_TYPE = "application/vnd.apple.mpegurl";

    private final TokenService tokens;
    private final TokenTargets targets;
    private final PlaylistRewriter.Limits limits;
    private final PlaylistOrigin origin;
    private final Cors cors;
    private final RefusalCaching refusals;
    private final TokenBindings bindings;
    private final String prefix;
    private final String segmentBaseUrl;

    /**
     * @param prefix the path before {@code {videoId}/}, e.g. {@code /media/}
     * @param segmentBaseUrl where non-playlist files are redirected ({@code {base}/{videoId}/{path}}), or null to
     *     answer them 404
     * @param targets where the viewer's token may go (relative URIs, the playlist's own host, the listed hosts)
     * @param limits the largest rewrite answered
     */
    public PlaylistEndpoint(TokenService tokens, PlaylistOrigin origin, Cors cors, TokenBindings bindings,
            String prefix, String segmentBaseUrl, TokenTargets targets, PlaylistRewriter.Limits limits,
            RefusalCaching refusals) {
        this.refusals = refusals;
        this.targets = targets;
        this.limits = limits;
        this.tokens = tokens;
        this.origin = origin;
        this.cors = cors;
        this.bindings = bindings;
        this.prefix = prefix;
        this.segmentBaseUrl = segmentBaseUrl == null || segmentBaseUrl.isEmpty() ? null
                : segmentBaseUrl.endsWith("/") ? segmentBaseUrl.substring(0, segmentBaseUrl.length() - 1)
                : segmentBaseUrl;
    }

    @Override
    public HttpResponse handle(HttpRequest request, LogFields log) {
        HttpResponse preflight = cors.readOnly(request, "the playlist URL");
        if (preflight != null) {
            return preflight;
        }
        MediaPath path = MediaPath.parse(prefix, request.path());
        log.video(path.videoId());
        Map<String, String> corsHeaders = cors.responseHeaders(request);
        if (!path.isPlaylist()) {
            if (segmentBaseUrl == null) {
                throw new NotFoundException("only playlists are served here");
            }
            return HttpResponse.empty(302).withHeader("Location", segmentBaseUrl + "/" + path.relative())
                    .withHeaders(corsHeaders);
        }
        String token = QueryValues.single(PlaylistRewriter.TOKEN_PARAMETER,
                request.queryParameter(PlaylistRewriter.TOKEN_PARAMETER));
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(ErrorCode.TOKEN_REQUIRED,
                    PlaylistRewriter.TOKEN_PARAMETER + " is required to play this video");
        }
        TokenClaims claims = tokens.verifySigned(token, bindings.client(request.sourceIp(), request::header));
        log.tokenId(claims.tokenId());
        // the video's revocation is read alongside the token's own row: one store round trip
        tokens.whileCheckingRevocation(claims, () -> {
            if (!claims.videoId().equals(path.videoId())) {
                throw new AccessDeniedException(ErrorCode.TOKEN_NOT_FOR_VIDEO,
                        "the token is for another video than this playlist");
            }
            if (request.method().equals("HEAD")) {
                tokens.requireStanding(claims);
            } else {
                tokens.extendSession(claims); // a playlist load keeps the play session alive, like a key fetch
            }
            return null;
        });
        String playlist = origin.read(path).orElseThrow(() -> new NotFoundException("no such playlist"));
        if (!PlaylistRewriter.isPlaylist(playlist)) {
            throw new UpstreamResponseInvalidException(ErrorCode.ORIGIN_RESPONSE_INVALID,
                    "origin file " + path.relative() + " does not start with #EXTM3U");
        }
        PlaylistRewriter.Result rewritten = PlaylistRewriter.rewrite(playlist, token, targets,
                request.header("Host"), limits);
        log.tokenUrisWithheld(rewritten.withheld());
        return HttpResponse.text(200, CONTENT_TYPE, rewritten.text())
                .withHeader("Cache-Control", "no-store")
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
}
