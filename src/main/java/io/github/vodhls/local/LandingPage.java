package io.github.vodhls.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code GET /}: what the local stack serves and how to try it; any other unknown path is a JSON 404. */
final class LandingPage implements HttpHandler {
    private final String baseUrl;

    LandingPage(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/")) {
                send(exchange, 404, "application/json; charset=utf-8",
                        "{\"code\":\"NOT_FOUND\",\"message\":\"no route " + jsonSafe(path) + "\"}");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "application/json; charset=utf-8",
                        "{\"code\":\"METHOD_NOT_ALLOWED\",\"message\":\"GET only\"}");
                return;
            }
            send(exchange, 200, "text/html; charset=utf-8", page());
        } finally {
            exchange.close();
        }
    }

    private String page() {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>vod-hls-encryption local stack</title>"
                + "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
                + "code,pre{background:#f4f4f4;padding:2px 4px}</style></head><body>"
                + "<h1>vod-hls-encryption &mdash; local stack</h1>"
                + "<p>The token and decrypt functions run here with a local KMS and an embedded store.</p>"
                + "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">"
                + "<tr><th>route</th><th>function</th></tr>"
                + "<tr><td><code>POST " + baseUrl + "/keys</code></td><td>token (admin): data key of a video</td></tr>"
                + "<tr><td><code>POST " + baseUrl + "/token</code></td><td>token: issue MtsHlsUriToken</td></tr>"
                + "<tr><td><code>POST " + baseUrl + "/revoke</code></td><td>token (admin): revoke</td></tr>"
                + "<tr><td><code>GET " + baseUrl + "/decrypt?Ciphertext=C&amp;MtsHlsUriToken=T</code></td>"
                + "<td>decrypt: the 16 key bytes</td></tr></table>"
                + "<h2>Try it</h2><pre>API_KEY=...   # printed by serve\n"
                + "curl -s -H \"Authorization: Bearer $API_KEY\" -d '{\"videoId\":\"demo\"}' " + baseUrl + "/keys\n"
                + "curl -s -H \"Authorization: Bearer $API_KEY\" -d '{\"videoId\":\"demo\",\"userId\":\"alice\"}' "
                + baseUrl + "/token\n"
                + "curl -s \"&lt;decryptKeyUri&gt;&amp;MtsHlsUriToken=&lt;token&gt;\" | xxd</pre>"
                + "<h2>As a viewer</h2>"
                + "<p>A player cannot hold the API key: it logs in to your app (here <code>POST /login</code> stands in"
                + " for that) and presents the app's login token to <code>/token</code>, which asks the entitlement"
                + " rule first. Start <code>serve --deny alice:demo</code> to see a refusal.</p>"
                + "<p><label>user <input id=\"user\" value=\"alice\"></label> "
                + "<label>video <input id=\"video\" value=\"demo\"></label> "
                + "<button id=\"go\">log in and get a token</button></p>"
                + "<pre id=\"out\">(nothing yet)</pre>"
                + "<script>\n"
                + "const out = document.getElementById('out');\n"
                + "async function post(path, body, bearer) {\n"
                + "  const headers = {'Content-Type': 'application/json'};\n"
                + "  if (bearer) headers['Authorization'] = 'Bearer ' + bearer;\n"
                + "  const r = await fetch(path, {method: 'POST', headers, body: JSON.stringify(body)});\n"
                + "  return {status: r.status, json: await r.json()};\n"
                + "}\n"
                + "document.getElementById('go').onclick = async () => {\n"
                + "  const userId = document.getElementById('user').value;\n"
                + "  const videoId = document.getElementById('video').value;\n"
                + "  const login = await post('/login', {userId});\n"
                + "  if (login.status !== 200) { out.textContent = 'login refused: ' + JSON.stringify(login.json); return; }\n"
                + "  const token = await post('/token', {videoId}, login.json.loginToken);\n"
                + "  out.textContent = token.status === 200\n"
                + "    ? 'token for ' + userId + ' / ' + videoId + ', expires ' + token.json.expiresAt + ', '\n"
                + "      + token.json.maxUses + ' key fetches:\\n' + token.json.token\n"
                + "    : 'refused (' + token.status + ' ' + token.json.code + '): ' + token.json.message;\n"
                + "};\n"
                + "</script>"
                + "</body></html>";
    }

    private static String jsonSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9/._-]", "?");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
