package io.github.vodhls.local;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code verify PLAYLIST_URL}: the checks the HLS Encryption docs ask for by hand, one line each, stopping at the
 * first failure with its reason. The playlist (a master playlist's first variant is followed) is AES-128 encrypted,
 * its key URI is the decryption service ({@code Ciphertext=}, or a given prefix) and carries an
 * {@code MtsHlsUriToken}, the key fetch gives 16 bytes, and the first segment decrypts to MPEG-TS. It fetches the key
 * once, so it uses one of the token's key fetches. Key bytes are never printed.
 */
final class PlaylistVerifier {
    private static final Pattern KEY_TAG = Pattern.compile("(?m)^#EXT-X-KEY:(.*)$");
    private static final Pattern STREAM_INF = Pattern.compile("(?m)^#EXT-X-STREAM-INF:.*\\R+([^#\\s][^\\r\\n]*)");
    private static final Pattern SEQUENCE = Pattern.compile("(?m)^#EXT-X-MEDIA-SEQUENCE:\\s*(\\d+)");
    private static final Pattern FIRST_SEGMENT = Pattern.compile("(?m)^#EXTINF:[^\\r\\n]*\\R+(?:#[^\\r\\n]*\\R+)*"
            + "([^#\\s][^\\r\\n]*)");
    private static final int TS_PACKET = 188;

    private final HttpClient http;
    private final PrintStream out;
    private final String expectedKeyUriPrefix;

    /** @param expectedKeyUriPrefix the decrypt function's URL the key URI must start with, or null for any */
    PlaylistVerifier(HttpClient http, PrintStream out, String expectedKeyUriPrefix) {
        this.http = http;
        this.out = out;
        this.expectedKeyUriPrefix = expectedKeyUriPrefix;
    }

    /** A failed check: its message is the reason printed. */
    private static final class CheckFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CheckFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Runs every check; 0 when all pass, 1 at the first failure. */
    int verify(String playlistUrl) {
        String check = "playlist";
        try {
            URI url = URI.create(playlistUrl);
            String playlist = fetchPlaylist(url);
            Matcher variant = STREAM_INF.matcher(playlist);
            if (variant.find()) {
                url = url.resolve(variant.group(1).trim());
                pass(check, "master playlist; checking its first variant " + redact(url.toString()));
                playlist = fetchPlaylist(url);
            }
            pass(check, "HTTP 200, " + playlist.split("\\R").length + " lines");

            check = "encrypted";
            Matcher keyTag = KEY_TAG.matcher(playlist);
            if (!keyTag.find()) {
                throw new CheckFailed("no #EXT-X-KEY tag: the segments are not encrypted (transcode with the "
                        + "HLS encryption template and EncryptConfig)");
            }
            String attributes = keyTag.group(1);
            String method = attribute(attributes, "METHOD");
            if (!"AES-128".equals(method)) {
                throw new CheckFailed("first #EXT-X-KEY has METHOD=" + method + ", expected AES-128");
            }
            Matcher segmentLine = FIRST_SEGMENT.matcher(playlist);
            if (!segmentLine.find()) {
                throw new CheckFailed("the playlist lists no segment");
            }
            if (keyTag.start() > segmentLine.start()) {
                throw new CheckFailed("the first segment comes before any #EXT-X-KEY: it is not encrypted");
            }
            pass(check, "METHOD=AES-128");

            check = "key URI";
            String keyUri = attribute(attributes, "URI");
            if (keyUri == null || keyUri.isEmpty()) {
                throw new CheckFailed("#EXT-X-KEY has no URI");
            }
            URI key = url.resolve(keyUri);
            String query = key.getRawQuery() == null ? "" : key.getRawQuery();
            if (expectedKeyUriPrefix != null && !key.toString().startsWith(expectedKeyUriPrefix)) {
                throw new CheckFailed("points at " + redact(key.toString()) + ", not at " + expectedKeyUriPrefix);
            }
            if (!hasParameter(query, "Ciphertext") && !hasParameter(query, "CipherText")) {
                throw new CheckFailed("has no Ciphertext parameter: it is not a VOD DecryptKeyUri ("
                        + redact(key.toString()) + ")");
            }
            if (!hasParameter(query, "MtsHlsUriToken")) {
                throw new CheckFailed("carries no MtsHlsUriToken: the CDN rewrite or the playlist function did not "
                        + "add the viewer's token (the playlist function adds it only to relative URIs and the hosts of "
                        + "DECRYPT_BASE_URL and TOKEN_URI_HOSTS)");
            }
            pass(check, key.getScheme() + "://" + key.getAuthority() + key.getRawPath() + " with Ciphertext and "
                    + "MtsHlsUriToken");

            check = "key fetch";
            HttpResponse<byte[]> keyResponse = get(key);
            if (keyResponse.statusCode() != 200) {
                throw new CheckFailed("HTTP " + keyResponse.statusCode() + errorCode(keyResponse.body()));
            }
            byte[] aesKey = keyResponse.body();
            if (aesKey.length != 16) {
                throw new CheckFailed("answered " + aesKey.length + " bytes, expected 16");
            }
            pass(check, "HTTP 200, 16 bytes");

            check = "segment";
            URI segment = url.resolve(segmentLine.group(1).trim());
            HttpResponse<byte[]> segmentResponse = get(segment);
            if (segmentResponse.statusCode() != 200) {
                throw new CheckFailed("HTTP " + segmentResponse.statusCode() + " for " + redact(segment.toString()));
            }
            if (looksLikeTs(segmentResponse.body())) {
                throw new CheckFailed("the first segment is plain MPEG-TS: it is not encrypted");
            }
            String iv = attribute(attributes, "IV");
            Matcher sequence = SEQUENCE.matcher(playlist);
            byte[] decrypted;
            try {
                decrypted = decrypt(aesKey, iv != null ? hexIv(iv)
                        : sequenceIv(sequence.find() ? Long.parseLong(sequence.group(1)) : 0),
                        segmentResponse.body());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new CheckFailed("does not decrypt with the key (" + e.getClass().getSimpleName() + ")");
            }
            if (!looksLikeTs(decrypted)) {
                throw new CheckFailed("decrypts to something that is not MPEG-TS (wrong key?)");
            }
            pass(check, decrypted.length + " bytes decrypt to MPEG-TS");
            return 0;
        } catch (CheckFailed e) {
            out.println("FAIL " + check + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            out.println("FAIL " + check + ": not a usable URL (" + redact(String.valueOf(e.getMessage())) + ")");
            return 1;
        } catch (java.io.IOException e) {
            out.println("FAIL " + check + ": " + e.getClass().getSimpleName() + " (is the server running?)");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("FAIL " + check + ": interrupted");
            return 1;
        }
    }

    private void pass(String check, String detail) {
        out.println("ok   " + check + ": " + detail);
    }

    private String fetchPlaylist(URI url) throws CheckFailed, java.io.IOException, InterruptedException {
        HttpResponse<byte[]> response = get(url);
        if (response.statusCode() != 200) {
            throw new CheckFailed("HTTP " + response.statusCode() + errorCode(response.body()) + " for "
                    + redact(url.toString()));
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (!text.startsWith("#EXTM3U") && !text.startsWith("\uFEFF#EXTM3U")) {
            throw new CheckFailed("the answer is not an HLS playlist (no #EXTM3U)");
        }
        return text;
    }

    private HttpResponse<byte[]> get(URI url) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The {@code code} of a JSON error body, as " (CODE)", or nothing. */
    private static String errorCode(byte[] body) {
        Matcher m = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z0-9_]{1,64})\"")
                .matcher(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8));
        return m.find() ? " (" + m.group(1) + ")" : "";
    }

    /** The URL with any token value cut short, so a verification log does not hand the token on. */
    static String redact(String url) {
        return url.replaceAll("(MtsHlsUriToken=)([^&#]{8})[^&#]*", "$1$2...");
    }

    private static boolean hasParameter(String rawQuery, String name) {
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name) && eq < pair.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** One attribute of an attribute list (quoted or not), or null. */
    static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("(?:^|,)\\s*" + name + "\\s*=\\s*(\"[^\"]*\"|[^,]*)").matcher(attributes);
        if (!m.find()) {
            return null;
        }
        String value = m.group(1).trim();
        return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    static byte[] decrypt(byte[] key, byte[] iv, byte[] segment) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(segment);
    }

    /** RFC 8216 §5.2: without an IV attribute, the IV is the media sequence number as a 128-bit big-endian. */
    static byte[] sequenceIv(long sequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[15 - i] = (byte) (sequence >>> (8 * i));
        }
        return iv;
    }

    /** An {@code IV=0x...} value (32 hex digits) as bytes. */
    static byte[] hexIv(String value) {
        String hex = value.toLowerCase(Locale.ROOT).startsWith("0x") ? value.substring(2) : value;
        if (!hex.matches("[0-9A-Fa-f]{32}")) {
            throw new IllegalArgumentException("IV must be 0x and 32 hex digits");
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < 16; i++) {
            iv[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return iv;
    }

    /** MPEG-TS: whole 188-byte packets, each starting with the sync byte 0x47. */
    static boolean looksLikeTs(byte[] data) {
        if (data.length < TS_PACKET || data.length % TS_PACKET != 0) {
            return false;
        }
        for (int offset = 0; offset < data.length; offset += TS_PACKET) {
            if (data[offset] != 0x47) {
                return false;
            }
        }
        return true;
    }
}
