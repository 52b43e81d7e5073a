package io.github.vodhls.core.http;

import com.google.gson.JsonObject;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.NotFoundException;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.token.IssuedToken;
import io.github.vodhls.core.token.TokenRequest;
import io.github.vodhls.core.token.TokenService;
import io.github.vodhls.core.video.VideoKeyService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The token function: {@code POST /token} issues a token, {@code POST /keys} gives a video its data key and
 * {@code POST /revoke} revokes a token or every token of a video. All three require the API key. Routing is by the
 * last path segment, so the function can sit under any prefix of a custom domain.
 */
public final class TokenEndpoint implements HttpEndpoint {
    private final ApiKeyAuthenticator apiKeys;
    private final TokenService tokens;
    private final VideoKeyService videoKeys;
    private final Cors cors;
    private final String playUrlTemplate;

    /** @param playUrlTemplate e.g. {@code https://cdn.example.com/media/{videoId}/index.m3u8}, or empty for none */
    public TokenEndpoint(ApiKeyAuthenticator apiKeys, TokenService tokens, VideoKeyService videoKeys, Cors cors,
            String playUrlTemplate) {
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.videoKeys = videoKeys;
        this.cors = cors;
        this.playUrlTemplate = playUrlTemplate == null ? "" : playUrlTemplate;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        String route = request.lastPathSegment();
        if (!route.equals("token") && !route.equals("keys") && !route.equals("revoke")) {
            throw new NotFoundException("no route " + request.path() + "; use /token, /keys or /revoke");
        }
        if (request.method().equals("OPTIONS")) {
            return cors.preflight(request, "POST, OPTIONS");
        }
        if (!request.method().equals("POST")) {
            throw new VodHlsException(ErrorCode.METHOD_NOT_ALLOWED, request.path() + " accepts POST only");
        }
        apiKeys.authenticate(request.header("Authorization"));
        JsonBody body = JsonBody.parse(request);
        HttpResponse response;
        switch (route) {
            case "token":
                response = issue(body);
                break;
            case "keys":
                response = keys(body);
                break;
            default:
                response = revoke(body);
        }
        return response.withHeaders(cors.responseHeaders(request));
    }

    @Override
    public Map<String, String> corsHeaders(HttpRequest request) {
        return cors.responseHeaders(request);
    }

    private HttpResponse issue(JsonBody body) {
        IssuedToken issued = tokens.issue(new TokenRequest(body.optionalString("videoId"),
                body.optionalString("userId"), body.optionalString("device"), body.optionalInt("ttlSeconds"),
                body.optionalInt("maxUses")));
        JsonObject json = new JsonObject();
        json.addProperty("token", issued.token());
        json.addProperty("tokenId", issued.claims().tokenId());
        json.addProperty("videoId", issued.claims().videoId());
        json.addProperty("expiresAt", issued.claims().expiresAt().toString());
        json.addProperty("maxUses", issued.claims().maxUses());
        if (!playUrlTemplate.isEmpty()) {
            json.addProperty("playUrl", playUrlTemplate.replace("{videoId}", issued.claims().videoId())
                    + (playUrlTemplate.indexOf('?') >= 0 ? "&" : "?") + "MtsHlsUriToken="
                    + URLEncoder.encode(issued.token(), StandardCharsets.UTF_8));
        }
        return HttpResponse.json(200, json.toString());
    }

    private HttpResponse keys(JsonBody body) {
        VideoKeyService.RegisteredKey key = videoKeys.ensureKey(body.optionalString("videoId"));
        JsonObject json = new JsonObject();
        json.addProperty("videoId", key.key().videoId());
        json.addProperty("ciphertext", key.key().ciphertext());
        json.addProperty("decryptKeyUri", key.decryptKeyUri());
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
