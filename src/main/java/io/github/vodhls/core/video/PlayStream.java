package io.github.vodhls.core.video;

import java.time.Instant;
import java.util.Objects;

/**
 * One stream of a video as the media service lists it (one {@code PlayInfo} of VOD's {@code GetPlayInfo}): what the
 * play-URL rules of {@link PlayInfoService} read. Values are as the service gave them; absent numbers are null.
 */
public final class PlayStream {
    private final String definition;
    private final String format;
    private final boolean encrypted;
    private final String encryptType;
    private final String status;
    private final Long width;
    private final Long height;
    private final Double bitrateKbps;
    private final String url;
    private final Instant createdAt;

    /**
     * @param definition e.g. {@code LD}, {@code SD}, {@code HD}, {@code FHD}, {@code OD}, {@code 2K}, {@code 4K}
     * @param format {@code m3u8}, {@code mp4}, ...
     * @param encrypted VOD's {@code Encrypt} is 1
     * @param encryptType {@code HLSEncryption}, {@code AliyunVoDEncryption}, or null
     * @param status {@code Normal} (playable) or {@code Invisible} (blocked)
     * @param createdAt when the stream was made (the newest stream of a definition wins), or null
     */
    public PlayStream(String definition, String format, boolean encrypted, String encryptType, String status,
            Long width, Long height, Double bitrateKbps, String url, Instant createdAt) {
        this.definition = definition;
        this.format = format;
        this.encrypted = encrypted;
        this.encryptType = encryptType;
        this.status = status;
        this.width = width;
        this.height = height;
        this.bitrateKbps = bitrateKbps;
        this.url = url;
        this.createdAt = createdAt;
    }

    public String definition() {
        return definition;
    }

    public String format() {
        return format;
    }

    public boolean encrypted() {
        return encrypted;
    }

    public String encryptType() {
        return encryptType;
    }

    public String status() {
        return status;
    }

    public Long width() {
        return width;
    }

    public Long height() {
        return height;
    }

    /** Kbit/s. */
    public Double bitrateKbps() {
        return bitrateKbps;
    }

    /** The play URL as the service gave it (possibly signed, possibly with a query of its own). */
    public String url() {
        return url;
    }

    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PlayStream)) {
            return false;
        }
        PlayStream other = (PlayStream) o;
        return encrypted == other.encrypted && Objects.equals(definition, other.definition)
                && Objects.equals(format, other.format) && Objects.equals(encryptType, other.encryptType)
                && Objects.equals(status, other.status) && Objects.equals(width, other.width)
                && Objects.equals(height, other.height) && Objects.equals(bitrateKbps, other.bitrateKbps)
                && Objects.equals(url, other.url) && Objects.equals(createdAt, other.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(definition, format, encryptType, url);
    }

    /** Without the URL: a signed URL is a credential of sorts, and it has no business in a log. */
    @Override
    public String toString() {
        return "PlayStream[" + definition + " " + format + " " + width + "x" + height + ", " + bitrateKbps
                + " kbit/s, encrypt=" + (encrypted ? encryptType : "none") + ", " + status + "]";
    }
}
