package io.github.vodhls.core.endpoint;

import io.github.vodhls.core.token.TokenBindings;
import io.github.vodhls.core.token.StreamLimits;
import io.github.vodhls.core.token.ViewerLimits;
import io.github.vodhls.core.http.Cors;
import io.github.vodhls.core.http.HttpEndpoint;
import io.github.vodhls.core.http.HttpRequest;
import io.github.vodhls.core.http.HttpResponse;
import io.github.vodhls.core.http.JsonBody;
import io.github.vodhls.core.http.LogFields;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.vodhls.core.auth.Caller;
import io.github.vodhls.core.auth.CallerAuthenticator;
import io.github.vodhls.core.error.AccessDeniedException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.MethodNotAllowedException;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.playlist.PlaylistRewriter;
import io.github.vodhls.core.token.ClientInfo;
import io.github.vodhls.core.token.IssuedToken;
import io.github.vodhls.core.token.TokenRequest;
import io.github.vodhls.core.token.TokenService;
import io.github.vodhls.core.video.PlayInfoService;
import io.github.vodhls.core.video.PlayStream;
import io.github.vodhls.core.video.VideoKeyService;
import java.time.Instant;
import java.util.Map;

/**
 * The token function: {@code POST /token} issues a token, {@code POST /keys} gives a video its data key and
 * {@code POST /revoke} revokes a token or every token of a video. All three accept the backend's API key; viewers
 * may call {@code /token} with their app's login token, for themselves only and within {@link ViewerLimits}.
 * Routing is by the last path segment, so the function can sit under any prefix of a custom domain. A token may come
 * with the video's HLS-encrypted play URLs ({@code playInfo}, see {@link PlayInfoService}).
 */
public final class TokenEndpoint implements HttpEndpoint {
    private static final String VIEWER_LIMITS = "viewerLimits";
    private static final java.util.List<String> LIMIT_FIELDS = java.util.List.of("tokensPerMinute",
            "maxActiveTokens", "policy");
    private final CallerAuthenticator callers;
    private final TokenService tokens;
    private final VideoKeyService videoKeys;
    private final Cors cors;
    private final String playUrlTemplate;
    private final TokenBindings bindings;
    private final ViewerLimits viewerLimits;
    private final PlayInfoService playInfo;

    /** @param playUrlTemplate e.g. {@code https://cdn.example.com/media/{videoId}/index.m3u8}, or empty for none */
    public TokenEndpoint(CallerAuthenticator callers, TokenService tokens, VideoKeyService videoKeys, Cors cors,
            String playUrlTemplate, TokenBindings bindings, ViewerLimits viewerLimits) {
        this(callers, tokens, videoKeys, cors, playUrlTemplate, bindings, viewerLimits, null);
    }

    /**
     * @param playInfo the video's play URLs (GetPlayInfo), given with a token when the request says
     *     {@code "playInfo": true} or, when it does not say, by the service's default; null for none
     */
    public TokenEndpoint(CallerAuthenticator callers, TokenService tokens, VideoKeyService videoKeys, Cors cors,
            String playUrlTemplate, TokenBindings bindings, ViewerLimits viewerLimits, PlayInfoService playInfo) {
        this.playInfo = playInfo;
        this.callers = callers;
        this.tokens = tokens;
        this.videoKeys = videoKeys;
        this.cors = cors;
        this.playUrlTemplate = playUrlTemplate == null ? "" : playUrlTemplate;
        this.bindings = bindings;
        this.viewerLimits = viewerLimits;
    }

    @Override
    public HttpResponse handle(HttpRequest request, LogFields log) {
        String route = request.lastPathSegment();
        if (!route.equals("token") && !route.equals("refresh") && !route.equals("keys") && !route.equals("revoke")) {
            // The path is not echoed: a misplaced token in it would end up in the log and the response.
            throw new NotFoundException("no such route; use /token, /refresh, /keys or /revoke");
        }
        if (request.method().equals("OPTIONS")) {
            return cors.preflight(request, "POST, OPTIONS");
        }
        if (!request.method().equals("POST")) {
            throw new MethodNotAllowedException("/" + route + " accepts POST only");
        }
        Caller caller = callers.authenticate(request.header("Authorization"));
        if (caller.isViewer() && !route.equals("token") && !route.equals("refresh")) {
            throw new AccessDeniedException(ErrorCode.VIEWER_ROUTE_FORBIDDEN,
                    "/" + route + " needs the API key; a login token only obtains and refreshes viewer tokens");
        }
        JsonBody body = JsonBody.parse(request);
        log.video(body.stringOrNull("videoId"));
        HttpResponse response;
        switch (route) {
            case "token":
                response = issue(caller, body, bindings.client(request.sourceIp(), request::header), log);
                break;
            case "refresh":
                response = refresh(caller, body, log);
                break;
            case "keys":
                response = keys(body);
                break;
            default:
                log.tokenId(body.stringOrNull("tokenId"));
                response = revoke(body);
        }
        return response.withHeaders(cors.responseHeaders(request));
    }

    @Override
    public Map<String, String> corsHeaders(HttpRequest request) {
        return cors.responseHeaders(request);
    }

    private HttpResponse issue(Caller caller, JsonBody body, ClientInfo client, LogFields log) {
        boolean withPlayInfo = wantsPlayInfo(body);
        return answer(tokens.issue(caller.isViewer() ? viewerRequest(caller, body, client)
                : backendRequest(body).withStreamLimits(backendStreamLimits(body))), log, withPlayInfo);
    }

    /**
     * {@code {"token": "..."}}: a fresh token of the same play session (see {@link TokenService#refresh}), for the
     * backend or the token's own viewer. No play info: the play URLs are those of the token refreshed.
     */
    private HttpResponse refresh(Caller caller, JsonBody body, LogFields log) {
        String token = body.optionalString("token");
        if (token == null || token.isEmpty()) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER, "token (the token to refresh) is required");
        }
        return answer(tokens.refresh(token, caller.isViewer() ? caller.viewerId() : null), log, false);
    }

    private HttpResponse answer(IssuedToken issued, LogFields log, boolean withPlayInfo) {
        log.token(issued.claims());
        JsonObject json = new JsonObject();
        json.addProperty("token", issued.token());
        json.addProperty("tokenId", issued.claims().tokenId());
        json.addProperty("videoId", issued.claims().videoId());
        json.addProperty("userId", issued.claims().userId());
        json.addProperty("expiresAt", issued.claims().expiresAt().toString());
        json.addProperty("maxUses", issued.claims().maxUses());
        if (!playUrlTemplate.isEmpty()) {
            json.addProperty("playUrl", PlaylistRewriter.withToken(
                    playUrlTemplate.replace("{videoId}", issued.claims().videoId()), issued.token()));
        }
        if (withPlayInfo) {
            json.add("playInfo", playInfo(issued));
        }
        return HttpResponse.json(200, json.toString());
    }

    /** {@code "playInfo"} of the request, else the configured default; 400 when asked where there is none. */
    private boolean wantsPlayInfo(JsonBody body) {
        Boolean asked = body.optionalBoolean("playInfo");
        if (playInfo == null) {
            if (Boolean.TRUE.equals(asked)) {
                throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "this token function gives no play info");
            }
            return false;
        }
        return asked != null ? asked : playInfo.byDefault();
    }

    /**
     * The video's HLS-encrypted streams, one entry per definition, each URL with the token appended (after any query
     * the URL has, e.g. a CDN signature). Asked after the token is issued, so that a caller the token rules refuse
     * learns nothing of the video; a refusal here (404, 409) answers the request, and the token issued is never handed
     * out.
     */
    private JsonArray playInfo(IssuedToken issued) {
        JsonArray streams = new JsonArray();
        for (PlayStream stream : playInfo.encryptedStreams(issued.claims().videoId())) {
            JsonObject entry = new JsonObject();
            entry.addProperty("definition", stream.definition());
            addIfKnown(entry, "width", stream.width());
            addIfKnown(entry, "height", stream.height());
            addIfKnown(entry, "bitrate", stream.bitrateKbps());
            entry.addProperty("url", PlaylistRewriter.withToken(stream.url(), issued.token()));
            streams.add(entry);
        }
        return streams;
    }

    private static void addIfKnown(JsonObject json, String field, Number value) {
        if (value != null) {
            json.addProperty(field, value);
        }
    }

    /**
     * The backend names the user and, when bindings are on, the viewer's IP and device type (it issues on the
     * viewer's behalf, so its own IP means nothing).
     */
    private TokenRequest backendRequest(JsonBody body) {
        String clientIp = body.optionalString("clientIp");
        String deviceType = body.optionalString("deviceType");
        if (bindings.bindClientIp() && clientIp == null) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER,
                    "clientIp (the viewer's IP) is required: tokens are bound to client IPs");
        }
        if (bindings.bindDeviceType() && deviceType == null) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER,
                    "deviceType is required: tokens are bound to device types");
        }
        return new TokenRequest(body.optionalString("videoId"), body.optionalString("userId"),
                body.optionalString("device"), body.optionalInt("ttlSeconds"), body.optionalInt("maxUses"),
                bindings.bindClientIp() ? clientIp : null, bindings.bindDeviceType() ? deviceType : null);
    }

    /**
     * The limits the backend asks for on the user it names: none unless the body has {@code viewerLimits}, an object
     * whose {@code tokensPerMinute}, {@code maxActiveTokens} and {@code policy} override the deployment's viewer
     * limits (absent ones keep them).
     */
    private StreamLimits backendStreamLimits(JsonBody body) {
        JsonBody limits = body.optionalObject(VIEWER_LIMITS);
        if (limits == null) {
            return null;
        }
        for (String field : limits.fieldNames()) {
            if (!LIMIT_FIELDS.contains(field)) {
                throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, VIEWER_LIMITS + " may hold "
                        + String.join(", ", LIMIT_FIELDS) + " only");
            }
        }
        return viewerLimits.streams().overriddenBy(limits.optionalInt("tokensPerMinute"),
                limits.optionalInt("maxActiveTokens"), limits.optionalString("policy"));
    }

    /**
     * A viewer gets tokens for themselves only, capped, bound to the IP and device they ask from, and held to the
     * deployment's stream limits, which they may not change.
     */
    private TokenRequest viewerRequest(Caller caller, JsonBody body, ClientInfo client) {
        String userId = body.optionalString("userId");
        if (userId != null && !userId.equals(caller.viewerId())) {
            throw new AccessDeniedException(ErrorCode.VIEWER_USER_MISMATCH,
                    "a viewer can only obtain tokens for themselves");
        }
        if (body.has(VIEWER_LIMITS)) {
            throw new InvalidRequestException(ErrorCode.VIEWER_LIMITS_NOT_ALLOWED,
                    VIEWER_LIMITS + " may only be set with the API key; a viewer is held to the deployment's limits");
        }
        if (bindings.bindClientIp() && client.ip() == null) {
            throw new InvalidRequestException(ErrorCode.MISSING_PARAMETER,
                    "the client IP of this request is unknown, so the token cannot be bound to it");
        }
        return new TokenRequest(body.optionalString("videoId"), caller.viewerId(), body.optionalString("device"),
                viewerLimits.ttlSeconds(body.optionalInt("ttlSeconds"), tokens.policy().defaultTtl().getSeconds()),
                viewerLimits.maxUses(body.optionalInt("maxUses"), tokens.policy().defaultMaxUses()),
                bindings.bindClientIp() ? client.ip() : null, bindings.bindDeviceType() ? client.deviceType() : null)
                .withStreamLimits(viewerLimits.streams());
    }

    private HttpResponse keys(JsonBody body) {
        VideoKeyService.RegisteredKey key = videoKeys.ensureKey(body.optionalString("videoId"));
        JsonObject json = new JsonObject();
        json.addProperty("videoId", key.key().videoId());
        json.addProperty("ciphertext", key.key().ciphertext());
        json.addProperty("decryptKeyUri", key.decryptKeyUri());
        json.addProperty("keyService", key.key().keyService().code());
        json.addProperty("created", key.created());
        return HttpResponse.json(200, json.toString());
    }

    private HttpResponse revoke(JsonBody body) {
        String tokenId = body.optionalString("tokenId");
        String videoId = body.optionalString("videoId");
        if ((tokenId == null) == (videoId == null)) {
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER,
                    "give exactly one of tokenId or videoId");
        }
        JsonObject json = new JsonObject();
        if (tokenId != null) {
            tokens.revokeToken(tokenId);
            json.addProperty("revoked", "token");
            json.addProperty("tokenId", tokenId);
        } else {
            Instant cutoff = tokens.revokeVideo(videoId);
            json.addProperty("revoked", "video");
            json.addProperty("videoId", videoId);
            json.addProperty("issuedAtOrBefore", cutoff.toString());
        }
        return HttpResponse.json(200, json.toString());
    }
}
