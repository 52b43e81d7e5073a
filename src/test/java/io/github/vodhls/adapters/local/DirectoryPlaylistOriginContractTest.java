package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.playlist.PlaylistOrigin;
import io.github.vodhls.core.playlist.PlaylistOriginContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DirectoryPlaylistOrigin} over a temp directory; a path out of the root is a symbolic link to a file outside.
 * A link to a directory outside is {@link DirectoryPlaylistOriginTest}'s.
 */
class DirectoryPlaylistOriginContractTest extends PlaylistOriginContract {
    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("media");
    }

    @Override
    protected PlaylistOrigin origin(int maxBytes) {
        return new DirectoryPlaylistOrigin(root(), maxBytes);
    }

    @Override
    protected void put(String relative, byte[] content) {
        try {
            Path file = root().resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void putOutsideTheRootReachableAs(String relative, byte[] content) {
        try {
            Path outside = Files.write(dir.resolve("outside.m3u8"), content);
            Path link = root().resolve(relative);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, outside);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ErrorCode outOfRootFailure() {
        return null;
    }

    /** The root is a regular file (a mount that is not there, a wrong setting): nothing under it can be read. */
    @Override
    protected PlaylistOrigin unreadableOrigin(int maxBytes) {
        try {
            Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "a file");
            return new DirectoryPlaylistOrigin(notADirectory, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
