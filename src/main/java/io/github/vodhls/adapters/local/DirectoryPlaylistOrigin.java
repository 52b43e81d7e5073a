package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import io.github.vodhls.core.playlist.MediaPath;
import io.github.vodhls.core.playlist.OriginText;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local stack's origin: playlists under a directory ({@code {root}/{videoId}/{file}}), as the local VOD
 * emulation writes them. Reads never leave the root (the real path, symbolic links resolved, must lie under the
 * real root) and are bounded in size.
 */
public final class DirectoryPlaylistOrigin implements PlaylistOrigin {
    private final Path root;
    private final int maxBytes;

    public DirectoryPlaylistOrigin(Path root, int maxBytes) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<String> read(MediaPath path) {
        Path file = root;
        for (String segment : path.relative().split("/")) {
            file = file.resolve(segment);
        }
        byte[] bytes;
        try {
            // Symbolic links anywhere on the way are resolved first: the real file must be under the real root.
            Path real = file.toRealPath();
            if (!real.startsWith(root.toRealPath()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(maxBytes + 1);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DependencyUnavailableException(ErrorCode.ORIGIN_UNAVAILABLE,
                    "cannot read " + path.relative() + ": " + e.getClass().getSimpleName(), e);
        }
        if (bytes.length > maxBytes) {
            throw new UpstreamResponseInvalidException(ErrorCode.ORIGIN_RESPONSE_INVALID,
                    path.relative() + " is larger than " + maxBytes + " bytes");
        }
        return Optional.of(OriginText.decode(bytes, path.relative()));
    }

    @Override
    public String toString() {
        return "DirectoryPlaylistOrigin[" + root + "]";
    }
}
