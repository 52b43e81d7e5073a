package io.github.vodhls.local;

import io.github.vodhls.adapters.local.vod.LocalVod;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpHandler;
import io.github.vodhls.adapters.local.vod.LocalVideos;
import java.io.InputStream;
import java.io.OutputStream;
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

    /** @param transcoderProblem why uploads cannot be transcoded here, or null */
    LocalMedia(LocalVod vod, LocalVideos videos, Path mediaRoot, String transcoderProblem) {
        this.vod = vod;
        this.transcoderProblem = transcoderProblem;
        this.videos = videos;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
    }

    HttpHandler upload() {
        return exchange -> {
            try {
                if (!exchange.getRequestMethod().equals("POST")) {
                    LocalJson.send(exchange, 405, LocalJson.error("METHOD_NOT_ALLOWED", "POST the file as the body"));
                    return;
                }
                if (transcoderProblem != null) {
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
                } catch (RuntimeException e) {
                    LocalJson.send(exchange, 400, LocalJson.error("INVALID_PARAMETER", "upload refused: " + e.getMessage()));
                }
            } finally {
                exchange.close();
            }
        };
    }

    HttpHandler videos() {
        return exchange -> {
            try {
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
                Optional<LocalVideos.Video> video = ID.matcher(videoId).matches() ? videos.get(videoId)
                        : Optional.empty();
                if (video.isPresent()) {
                    LocalJson.send(exchange, 200, describe(videoId, video.get()));
                } else {
                    LocalJson.send(exchange, 404, LocalJson.error("NOT_FOUND", "no such video"));
                }
            } finally {
                exchange.close();
            }
        };
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
        return exchange -> {
            try {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                // "", "media", videoId, file
                if (parts.length != 4 || !ID.matcher(parts[2]).matches() || !FILE.matcher(parts[3]).matches()) {
                    LocalJson.send(exchange, 404, LocalJson.error("NOT_FOUND", "no such media file"));
                    return;
                }
                Path file = mediaRoot.resolve(parts[2]).resolve(parts[3]).normalize();
                if (!file.startsWith(mediaRoot) || !Files.isRegularFile(file)) {
                    LocalJson.send(exchange, 404, LocalJson.error("NOT_FOUND", "no such media file"));
                    return;
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
            } finally {
                exchange.close();
            }
        };
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
