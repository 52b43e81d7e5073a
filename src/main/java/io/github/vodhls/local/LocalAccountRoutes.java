package io.github.vodhls.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vodhls.adapters.local.LocalEntitlements;
import io.github.vodhls.core.auth.ApiKeyAuthenticator;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.InvalidRequestException;
import io.github.vodhls.core.error.MethodNotAllowedException;
import io.github.vodhls.core.token.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
    private final PrintStream log;

    LocalAccountRoutes(LocalLogin login, LocalEntitlements entitlements, ApiKeyAuthenticator apiKeys,
            PrintStream log) {
        this.login = login;
        this.entitlements = entitlements;
        this.apiKeys = apiKeys;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        LocalJson.answer(exchange, exchange.getRequestURI().getPath().equals("/login") ? "login" : "entitlements", log,
                this::serve);
    }

    private void serve(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new MethodNotAllowedException("POST only");
        }
        JsonObject body = readJson(exchange.getRequestBody());
        if (body == null) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_BODY, "body must be a JSON object");
        }
        if (exchange.getRequestURI().getPath().equals("/login")) {
            String userId = Identifiers.requireId("userId", string(body, "userId"));
            JsonObject answer = new JsonObject();
            answer.addProperty("userId", userId);
            answer.addProperty("loginToken", login.loginToken(userId));
            LocalJson.send(exchange, 200, answer);
            return;
        }
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
            throw new InvalidRequestException(ErrorCode.INVALID_PARAMETER, "allowed must be true or false");
        }
        entitlements.set(userId, videoId, allowed.getAsBoolean());
        JsonObject answer = new JsonObject();
        answer.addProperty("userId", userId);
        answer.addProperty("videoId", videoId);
        answer.addProperty("allowed", allowed.getAsBoolean());
        LocalJson.send(exchange, 200, answer);
    }

    private static String string(JsonObject body, String field) {
        JsonElement value = body.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString()
                : null;
    }

    private static JsonObject readJson(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY || io.github.vodhls.core.json.ByteOrderMark.leads(bytes)) {
            return null; // a leading byte order mark could loop Gson's reader forever (ByteOrderMark)
        }
        try {
            JsonElement parsed = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }
}
