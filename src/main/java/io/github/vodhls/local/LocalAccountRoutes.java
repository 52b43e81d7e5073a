package io.github.vodhls.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vodhls.adapters.local.LocalEntitlements;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.error.VodHlsException;
import io.github.vodhls.core.token.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Local-only stand-ins for what the customer's own systems do: {@code POST /login} (their app login, yielding the
 * viewer's login JWT) and {@code POST /entitlements} (their business rule, here a deny list; API key required).
 */
final class LocalAccountRoutes implements HttpHandler {
    private static final int MAX_BODY = 16 * 1024;

    private final LocalLogin login;
    private final LocalEntitlements entitlements;
    private final ApiKeyAuthenticator apiKeys;

    LocalAccountRoutes(LocalLogin login, LocalEntitlements entitlements, ApiKeyAuthenticator apiKeys) {
        this.login = login;
        this.entitlements = entitlements;
        this.apiKeys = apiKeys;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestMethod().equals("POST")) {
                LocalJson.send(exchange, 405, LocalJson.error("METHOD_NOT_ALLOWED", "POST only"));
                return;
            }
            JsonObject body = readJson(exchange.getRequestBody());
            if (body == null) {
                LocalJson.send(exchange, 400, LocalJson.error("MALFORMED_BODY", "body must be a JSON object"));
                return;
            }
            if (exchange.getRequestURI().getPath().equals("/login")) {
                String userId = Identifiers.requireId("userId", string(body, "userId"));
                JsonObject answer = new JsonObject();
                answer.addProperty("userId", userId);
                answer.addProperty("loginToken", login.loginToken(userId));
                LocalJson.send(exchange, 200, answer);
            } else {
                apiKeys.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
                String userId = string(body, "userId");
                String videoId = string(body, "videoId");
                JsonElement allowed = body.get("allowed");
                if (!"*".equals(userId)) {
                    Identifiers.requireId("userId", userId);
                }
                if (!"*".equals(videoId)) {
                    Identifiers.requireId("videoId", videoId);
                }
                if (allowed == null || !allowed.isJsonPrimitive() || !allowed.getAsJsonPrimitive().isBoolean()) {
                    LocalJson.send(exchange, 400, LocalJson.error("INVALID_PARAMETER", "allowed must be true or false"));
                    return;
                }
                entitlements.set(userId, videoId, allowed.getAsBoolean());
                JsonObject answer = new JsonObject();
                answer.addProperty("userId", userId);
                answer.addProperty("videoId", videoId);
                answer.addProperty("allowed", allowed.getAsBoolean());
                LocalJson.send(exchange, 200, answer);
            }
        } catch (VodHlsException e) {
            int status = e.errorCode().kind().name().equals("UNAUTHENTICATED") ? 401 : 400;
            LocalJson.send(exchange, status, LocalJson.error(e.errorCode().code(), e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private static String string(JsonObject body, String field) {
        JsonElement value = body.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString()
                : null;
    }

    private static JsonObject readJson(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return null;
        }
        try {
            JsonElement parsed = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }


}
