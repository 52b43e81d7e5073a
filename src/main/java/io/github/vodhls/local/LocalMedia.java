package io.github.vodhls.local;

import io.github.vodhls.adapters.local.vod.LocalVod;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import io.github.vodhls.core.error.MethodNotAllowedException;
import io.github.vodhls.core.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local VOD emulation's HTTP side: {@code POST /upload} (the raw file as the body, its name in {@code ?name=}),
 * {@code GET /videos} and {@code GET /videos/{videoId}} (status and progress), and {@code GET /media/{videoId}/{file}}
 * (the origin: playlists and segments as VOD's storage would serve them).
 */
final class LocalMedia {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.ts");

    private final LocalVod vod;
    private final LocalVideos videos;
    private final Path mediaRoot;
    private final String transcoderProblem;
    private final PrintStream log;

    /**
     * @param transcoderProblem why uploads cannot be transcoded here, or null
     * @param log where failures the answer does not show (and bugs) are logged
     */
    LocalMedia(LocalVod vod, LocalVideos videos, Path mediaRoot, String transcoderProblem, PrintStream log) {
        this.vod = vod;
        this.transcoderProblem = transcoderProblem;
        this.log = log;
        this.videos = videos;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
    }

    HttpHandler upload() {
        return exchange -> LocalJson.answer(exchange, "upload", log, this::upload);
    }

    private void upload(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new MethodNotAllowedException("POST the file as the body");
        }
        String refusal = crossSiteRefusal(exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("Origin"));
        if (refusal != null) {
            LocalJson.send(exchange, 403, LocalJson.error("UPLOAD_FORBIDDEN", refusal));
            return;
        }
        if (transcoderProblem != null) {
            // The local stack's own code: the message (how to make ffmpeg run) is the point, so it is shown.
            LocalJson.send(exchange, 503, LocalJson.error("TRANSCODER_UNAVAILABLE", transcoderProblem));
            return;
        }
        String name = FcHttpBridge.parseQuery(exchange.getRequestURI().getRawQuery()).getOrDefault("name",
                "upload.mp4");
        try (InputStream body = exchange.getRequestBody()) {
            String videoId = vod.upload(body, name);
            JsonObject json = new JsonObject();
            json.addProperty("videoId", videoId);
            LocalJson.send(exchange, 202, json);
        }
    }

    /**
     * Why an upload must be refused as coming from another site, or null. The stack listens on loopback only, but a
     * page on any site can still POST to it from the viewer's browser, and a DNS-rebinding name can even read the
     * answer: an upload is accepted only when its {@code Host} is a loopback address and its {@code Origin}, when
     * there is one, is this stack's own (a loopback address too).
     */
    static String crossSiteRefusal(String host, String origin) {
        if (!isLoopbackAuthority(host)) {
            return "uploads are accepted only at the stack's own loopback address (Host " + printable(host) + ")";
        }
        if (origin != null) {
            String authority = origin.replaceFirst("^http://", "");
            if (authority.equals(origin) || !isLoopbackAuthority(authority) || !authority.equals(host)) {
                return "uploads are accepted only from the stack's own page (Origin " + printable(origin) + ")";
            }
        }
        return null;
    }

    private static boolean isLoopbackAuthority(String authority) {
        if (authority == null) {
            return false;
        }
        String host = authority.replaceFirst(":[0-9]{1,5}$", "").toLowerCase(java.util.Locale.ROOT);
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    private static String printable(String value) {
        if (value == null) {
            return "none";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    HttpHandler videos() {
        return exchange -> LocalJson.answer(exchange, "videos", log, this::videos);
    }

    private void videos(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/videos") || path.equals("/videos/")) {
            JsonArray all = new JsonArray();
            for (Map.Entry<String, LocalVideos.Video> e : videos.all().entrySet()) {
                all.add(describe(e.getKey(), e.getValue()));
            }
            JsonObject json = new JsonObject();
            json.add("videos", all);
            LocalJson.send(exchange, 200, json);
            return;
        }
        String videoId = path.substring("/videos/".length());
        Optional<LocalVideos.Video> video = ID.matcher(videoId).matches() ? videos.get(videoId) : Optional.empty();
        if (video.isEmpty()) {
            throw new NotFoundException("no such video");
        }
        LocalJson.send(exchange, 200, describe(videoId, video.get()));
    }

    /** {@code /media/}: playlists to the playlist function, everything else to the origin. */
    HttpHandler routes(HttpHandler playlists) {
        HttpHandler origin = origin();
        return exchange -> {
            if (exchange.getRequestURI().getPath().toLowerCase(java.util.Locale.ROOT).endsWith(".m3u8")) {
                playlists.handle(exchange);
            } else {
                origin.handle(exchange);
            }
        };
    }

    /** The origin: segments as VOD's storage would serve them (playlists only through the playlist function). */
    HttpHandler origin() {
        return exchange -> LocalJson.answer(exchange, "origin", log, this::origin);
    }

    private void origin(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // "", "media", videoId, file
        if (parts.length != 4 || !ID.matcher(parts[2]).matches() || !FILE.matcher(parts[3]).matches()) {
            throw new NotFoundException("no such media file");
        }
        Path file = mediaRoot.resolve(parts[2]).resolve(parts[3]).normalize();
        if (!file.startsWith(mediaRoot) || !Files.isRegularFile(file)) {
            throw new NotFoundException("no such media file");
        }
        byte[] bytes = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", "video/mp2t");
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static JsonObject describe(String videoId, LocalVideos.Video video) {
        JsonObject json = new JsonObject();
        json.addProperty("videoId", videoId);
        json.addProperty("status", video.status().name());
        json.addProperty("progress", video.progress());
        if (video.title() != null) {
            json.addProperty("title", video.title());
        }
        if (video.reason() != null) {
            json.addProperty("reason", video.reason());
        }
        return json;
    }
}
