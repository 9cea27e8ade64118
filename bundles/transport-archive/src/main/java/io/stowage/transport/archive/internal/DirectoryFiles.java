package io.stowage.transport.archive.internal;

import io.stowage.oci.FileKinds;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An image layout directory's files. A path whose real location (links followed) is outside the directory is refused. */
final class DirectoryFiles implements LayoutFiles {
    private final Path root;

    DirectoryFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StowageException(Reason.NOT_FOUND, "layout " + dir + ": no such directory");
        }
        try {
            this.root = dir.toRealPath();
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "layout " + dir + ": " + FileKinds.reason(e), e);
        }
    }

    @Override
    public String describe() {
        return "layout " + root;
    }

    /** The file's real path, checked to lie inside the layout; null when there is none. */
    private Path file(String path) {
        Path p = root.resolve(LayoutFiles.checked(describe(), path));
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                throw new StowageException(Reason.INVALID, describe() + ": " + path + " links outside the layout");
            }
            return Files.isRegularFile(real) ? real : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, describe() + ": " + path + ": " + FileKinds.reason(e), e);
        }
    }

    @Override
    public boolean exists(String path) {
        return file(path) != null;
    }

    @Override
    public long size(String path) {
        Path f = file(path);
        if (f == null) {
            throw missing(path);
        }
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, describe() + ": " + path + ": " + FileKinds.reason(e), e);
        }
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        Path f = file(path);
        if (f == null) {
            throw missing(path);
        }
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public void close() {
        // nothing held open
    }
}
