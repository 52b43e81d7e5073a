package io.github.vodhls.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's HTTP server under hostile clients (issue 15 §3): idle and half-sent connections, request lines
 * and URIs that do not parse, oversized headers and bodies. Raw sockets, so nothing is tidied up by a client library.
 */
class LocalHttpServerAttackTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<Socket> held = new ArrayList<>();
    private LocalStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = LocalStack.start(0, dataDir, null, Map.of(), LocalHttpSettings.fromEnvironment(Map.of(
                "LOCAL_HTTP_HEADER_TIMEOUT_MS", "2000", "LOCAL_HTTP_MAX_BODY_BYTES", "65536")),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private int port() {
        return URI.create(stack.baseUrl()).getPort();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Sends {@code request} as is and reads until the server closes or 5 s pass. */
    private String raw(String request) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            try {
                int n;
                while ((n = in.read(chunk)) != -1) {
                    answer.write(chunk, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what came is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(answer.substring(0, end));
        return length.find() && answer.length() - end - 4 >= Integer.parseInt(length.group(1));
    }

    /** A 400 whose body is the stack's JSON error with a code: no HTML, no Java class or exception name. */
    private static void assertJson400(String answer, String request) {
        assertTrue(answer.startsWith("HTTP/1.1 400 "), request + " -> " + answer);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        assertTrue(head.contains("content-type: application/json"), request + " -> " + answer);
        JsonObject body = JsonParser.parseString(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getAsJsonObject();
        assertEquals("MALFORMED_REQUEST", body.get("code").getAsString(), answer);
        assertFalse(answer.contains("<"), "no markup: " + answer);
        assertFalse(answer.matches("(?s).*(Exception|java\\.|sun\\.|undertow|Undertow).*"), "no class names: " + answer);
    }

    @Test
    void aNormalRequest_whileThirtyTwoConnectionsHoldHalfARequestLine_isAnsweredWithinASecond() throws Exception {
        for (int i = 0; i < 32; i++) {
            Socket socket = connect();
            socket.getOutputStream().write("GET /decr".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            held.add(socket);
        }
        Thread.sleep(200);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, answer.statusCode());
        assertTrue(millis < 1000, "answered after " + millis + " ms");
    }

    @Test
    void aConnectionThatNeverFinishesItsHeaders_isClosedAfterTheHeaderTimeout() throws Exception {
        try (Socket socket = connect()) {
            socket.setSoTimeout(6000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(
                    StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            int read = socket.getInputStream().read();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, read, "closed without an answer");
            assertTrue(millis >= 1000 && millis < 5000, "closed after " + millis + " ms (timeout 2000)");
        }
    }

    @Test
    void aMalformedEscapeInTheQuery_is400Json() throws Exception {
        String request = "GET /decrypt?%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertJson400(raw(request), request);
    }

    @Test
    void aMalformedEscapeInThePath_is400Json() throws Exception {
        String request = "GET /%% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertJson400(raw(request), request);
    }

    @Test
    void badRequestLines_are400Json() throws Exception {
        for (String request : List.of(
                "GARBAGE\r\n\r\n",
                "GET /decrypt?a=b c HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET / HTTP/1.1 trailing\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /\u0001 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n")) {
            assertJson400(raw(request), request.replace("\r\n", "\\r\\n"));
        }
    }

    @Test
    void headersOverTheLimit_are400Json() throws Exception {
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n";
        assertJson400(raw(request), "40 KB of headers");
    }

    @Test
    void aBodyOverTheLimit_is413Json() throws Exception {
        String body = "{\"videoId\":\"" + "a".repeat(70_000) + "\"}";
        String answer = raw("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        JsonObject json = JsonParser.parseString(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getAsJsonObject();
        assertEquals("REQUEST_TOO_LARGE", json.get("code").getAsString());
    }

    @Test
    void aWellFormedRequestOnTheSameServer_stillWorks_afterTheBadOnes() throws Exception {
        raw("GARBAGE\r\n\r\n");
        raw("GET /%% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        String answer = raw("GET /nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        assertTrue(answer.contains("\"code\":\"NOT_FOUND\""), answer);
    }
}
