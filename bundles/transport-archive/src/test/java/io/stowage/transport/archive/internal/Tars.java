package io.stowage.transport.archive.internal;

import io.stowage.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes test tars entry by entry, hostile ones included (Commons Compress writes what it is told). */
final class Tars implements AutoCloseable {
    private final TarArchiveOutputStream tar;

    Tars(OutputStream out) {
        tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    static Tars to(Path file) throws IOException {
        return new Tars(Files.newOutputStream(file));
    }

    Tars file(String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
        return this;
    }

    Tars file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Tars symlink(String name, String target) throws IOException {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    Tars hardlink(String name, String target) throws IOException {
        return link(name, target, TarConstants.LF_LINK);
    }

    private Tars link(String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    Tars device(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    /** A blob under blobs/sha256/; returns its digest. */
    Digest blob(byte[] bytes) throws IOException {
        Digest d = Digest.of(bytes);
        file("blobs/sha256/" + d.hex(), bytes);
        return d;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** A one-file tar, gzip-compressed: a layer. */
    static byte[] gzipLayer(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Tars t = new Tars(new GZIPOutputStream(bytes))) {
            t.file(name, content);
        }
        return bytes.toByteArray();
    }

    /** A one-file tar: an uncompressed layer. */
    static byte[] plainLayer(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Tars t = new Tars(bytes)) {
            t.file(name, content);
        }
        return bytes.toByteArray();
    }
}
