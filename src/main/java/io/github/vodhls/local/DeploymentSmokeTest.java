package io.github.vodhls.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code smoke}: exercises a deployment end to end with the backend's API key, the check to run right after
 * deploying. One line per step, {@code ok} or {@code FAIL} and why; the first failure ends the run. Tokens and keys
 * are never printed (a token id, a status, a byte count at most).
 *
 * <ol>
 *   <li>{@code keys}: {@code POST /keys} for a throwaway video id ({@code smoke-<random>}), or the one given: the token
 *       function reaches KMS and the store and answers the video's {@code decryptKeyUri};
 *   <li>{@code token}: {@code POST /token} for it;
 *   <li>{@code key fetch}: the {@code decryptKeyUri} with the token answers exactly 16 bytes with
 *       {@code Cache-Control: private} (the decrypt function reaches the store and KMS, and verifies the token);
 *   <li>{@code forged token}: the same URL with the token's signature altered is refused with 403;
 *   <li>{@code revoke}: {@code POST /revoke} of the token;
 *   <li>{@code revoked}: the key URL now refuses the token with 403;
 *   <li>with {@code --playlist-url}: a fresh token for the video, then every check of {@code verify} on the playlist
 *       URL with that token (playlist, encryption, key URI, key, first segment), and that token revoked at the end.
 * </ol>
 */
final class DeploymentSmokeTest {
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z0-9_]{1,64})\"");

    private final HttpClient http;
    private final PrintStream out;
    private final String tokenUrl;
    private final String apiKey;
    private final String playlistUrl;
    private final String videoId;

    /** A failed step: its message is the reason printed. */
    private static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param tokenUrl the token function's base URL (its routes are {@code /keys}, {@code /token}, {@code /revoke})
     * @param videoId the video to use, or null for a throwaway {@code smoke-<random>}
     * @param playlistUrl a real video's play URL without token, or null
     */
    DeploymentSmokeTest(HttpClient http, PrintStream out, String tokenUrl, String apiKey, String videoId,
            String playlistUrl, SecureRandom random) {
        this.http = http;
        this.out = out;
        this.tokenUrl = tokenUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.playlistUrl = playlistUrl;
        this.videoId = videoId != null ? videoId : "smoke-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    }

    /** Runs every step; 0 when all pass, 1 at the first failure. */
    int run() {
        String step = "keys";
        try {
            JsonObject keys = postJson("/keys", "{\"videoId\":" + quote(videoId) + "}");
            String decryptKeyUri = text(keys, "decryptKeyUri");
            URI keyUri = URI.create(decryptKeyUri);
            pass(step, "video " + videoId + ", data key " + (keys.has("created") && keys.get("created").getAsBoolean()
                    ? "generated" : "already registered") + ", key URI " + keyUri.getScheme() + "://"
                    + keyUri.getAuthority() + keyUri.getRawPath());

            step = "token";
            JsonObject issued = postJson("/token", "{\"videoId\":" + quote(videoId) + ",\"userId\":\"smoke\"}");
            String token = text(issued, "token");
            String tokenId = text(issued, "tokenId");
            pass(step, "token " + tokenId + " for user smoke, " + issued.get("maxUses") + " uses, expires "
                    + text(issued, "expiresAt"));

            step = "key fetch";
            URI withToken = withToken(decryptKeyUri, token);
            HttpResponse<byte[]> key = get(withToken);
            if (key.statusCode() != 200) {
                throw new StepFailed("HTTP " + key.statusCode() + code(key.body()));
            }
            if (key.body().length != 16) {
                throw new StepFailed("answered " + key.body().length + " bytes, expected exactly 16");
            }
            String cacheControl = key.headers().firstValue("Cache-Control").orElse("");
            if (!cacheControl.toLowerCase(java.util.Locale.ROOT).contains("private")) {
                throw new StepFailed("16 bytes, but Cache-Control is '" + cacheControl + "', expected private");
            }
            pass(step, "HTTP 200, 16 bytes, Cache-Control: " + cacheControl);

            step = "forged token";
            HttpResponse<byte[]> forged = get(withToken(decryptKeyUri, forge(token)));
            if (forged.statusCode() != 403) {
                throw new StepFailed("a token with an altered signature got HTTP " + forged.statusCode()
                        + code(forged.body()) + ", expected 403: the decrypt function does not check signatures");
            }
            pass(step, "refused, HTTP 403" + code(forged.body()));

            step = "revoke";
            postJson("/revoke", "{\"tokenId\":" + quote(tokenId) + "}");
            pass(step, "token " + tokenId + " revoked");

            step = "revoked";
            HttpResponse<byte[]> revoked = get(withToken);
            if (revoked.statusCode() != 403) {
                throw new StepFailed("the revoked token got HTTP " + revoked.statusCode() + code(revoked.body())
                        + ", expected 403");
            }
            pass(step, "refused, HTTP 403" + code(revoked.body()));

            if (playlistUrl != null) {
                step = "playlist token";
                JsonObject viewer = postJson("/token", "{\"videoId\":" + quote(videoId) + ",\"userId\":\"smoke\"}");
                String playlistTokenId = text(viewer, "tokenId");
                pass(step, "token " + playlistTokenId);
                int verified = new PlaylistVerifier(http, out, keyUri.getScheme() + "://" + keyUri.getAuthority()
                        + keyUri.getRawPath()).verify(withToken(playlistUrl, text(viewer, "token")).toString());
                postJson("/revoke", "{\"tokenId\":" + quote(playlistTokenId) + "}");
                if (verified != 0) {
                    return 1;
                }
            }
            return 0;
        } catch (StepFailed e) {
            out.println("FAIL " + step + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            out.println("FAIL " + step + ": cannot reach the function (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + PlaylistVerifier.redact(e.getMessage()))
                    + "); is it deployed and is the URL right?");
            return 1;
        } catch (IllegalArgumentException e) {
            out.println("FAIL " + step + ": not a usable URL (" + PlaylistVerifier.redact(String.valueOf(
                    e.getMessage())) + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("FAIL " + step + ": interrupted");
            return 1;
        }
    }

    private void pass(String step, String detail) {
        out.println("ok   " + step + ": " + detail);
    }

    private JsonObject postJson(String route, String body) throws IOException, InterruptedException, StepFailed {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl + route))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 ? ": is the API key one whose SHA-256 is in API_KEY_SHA256?"
                    : response.statusCode() >= 500 ? ": see the function's log line for this request" : "";
            throw new StepFailed("POST " + route + " answered HTTP " + response.statusCode() + code(response.body())
                    + hint);
        }
        try {
            JsonElement json = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8));
            if (!json.isJsonObject()) {
                throw new StepFailed("POST " + route + " answered something that is not a JSON object");
            }
            return json.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new StepFailed("POST " + route + " answered something that is not JSON");
        }
    }

    private HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(JsonObject json, String field) throws StepFailed {
        JsonElement value = json.get(field);
        if (value == null || !value.isJsonPrimitive() || value.getAsString().isEmpty()) {
            throw new StepFailed("the answer has no " + field);
        }
        return value.getAsString();
    }

    /** The URL with {@code MtsHlsUriToken=token} added to its query. */
    static URI withToken(String url, String token) {
        return URI.create(url + (url.contains("?") ? "&" : "?") + "MtsHlsUriToken=" + token);
    }

    /** The token with one character of its signature changed (still well-formed base64url). */
    static String forge(String token) {
        int last = token.length() - 2;
        char c = token.charAt(last);
        return token.substring(0, last) + (c == 'A' ? 'B' : 'A') + token.substring(last + 1);
    }

    /** The {@code code} of a JSON error body, as " (CODE)", or nothing. */
    private static String code(byte[] body) {
        Matcher m = CODE.matcher(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8));
        return m.find() ? " (" + m.group(1) + ")" : "";
    }

    private static String quote(String value) {
        JsonObject holder = new JsonObject();
        holder.addProperty("v", value);
        String json = holder.toString();
        return json.substring(json.indexOf(':') + 1, json.length() - 1);
    }
}
