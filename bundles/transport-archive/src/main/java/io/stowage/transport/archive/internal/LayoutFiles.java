package io.stowage.transport.archive.internal;

import io.stowage.oci.FileKinds;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files of an image layout or archive, by their path inside it ({@code index.json},
 * {@code blobs/sha256/…}). Paths are checked when the files are opened: none leaves the layout.
 */
interface LayoutFiles extends Closeable {
    /** The largest JSON document read ({@code index.json}, {@code manifest.json}, a config). */
    int MAX_DOCUMENT = 16 * 1024 * 1024;

    /** How messages name the whole: {@code archive /media/usb/app.tar}. */
    String describe();

    boolean exists(String path);

    /** The file's size; NOT_FOUND naming it when there is none. */
    long size(String path);

    /** The file's bytes from {@code offset}; the caller closes the stream. Safe from several threads. */
    InputStream open(String path, long offset) throws IOException;

    /** A small file whole, refused when larger than {@code max}. */
    default byte[] read(String path, int max) {
        long size = size(path);
        if (size > max) {
            throw new StowageException(Reason.INVALID, describe() + ": " + path + " is larger than " + max + " bytes");
        }
        try (InputStream in = open(path, 0)) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length != size) {
                throw new StowageException(Reason.INVALID, describe() + ": " + path + " ends early");
            }
            return bytes;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, describe() + ": " + path + ": " + FileKinds.reason(e), e);
        }
    }

    /**
     * A blob's bytes from {@code offset}, after checking that the file holds as many bytes as its
     * descriptor says: a mismatch is refused naming the entry, before anything is read.
     */
    default InputStream blob(String path, long expectedSize, long offset) {
        checkSize(path, expectedSize);
        try {
            return open(path, offset);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, describe() + ": " + path + ": " + FileKinds.reason(e), e);
        }
    }

    /** Refuses, naming the entry, a file that does not hold as many bytes as its descriptor says. */
    default void checkSize(String path, long expectedSize) {
        long size = size(path);
        if (size != expectedSize) {
            throw new StowageException(Reason.INVALID, describe() + ": entry " + path + " holds " + size
                    + " bytes, its descriptor says " + expectedSize);
        }
    }

    /**
     * The image {@code selector} chooses among {@code images}: the only one when there is no
     * selector, the one at a position ({@code @2}), else the first {@code named} accepts.
     * {@code names} lists them for the errors.
     */
    default <T> T choose(List<T> images, String selector, Predicate<T> named, String names) {
        if (selector == null || selector.isEmpty()) {
            if (images.size() != 1) {
                throw new StowageException(Reason.INVALID, describe() + " holds " + images.size() + " images; name one ("
                        + names + ") or give its position (@0)");
            }
            return images.get(0);
        }
        if (selector.startsWith("@")) {
            return images.get(position(selector, images.size()));
        }
        return images.stream().filter(named).findFirst().orElseThrow(() -> new StowageException(Reason.NOT_FOUND,
                describe() + ": no image named " + selector + " (" + names + ")"));
    }

    /** The index {@code at} ({@code @2}) names among {@code count} images; NOT_FOUND when none. */
    private int position(String at, int count) {
        try {
            int i = Integer.parseInt(at.substring(1));
            if (i >= 0 && i < count) {
                return i;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new StowageException(Reason.NOT_FOUND, describe() + ": no image at " + at + " (it holds " + count + ")");
    }

    default StowageException missing(String path) {
        return new StowageException(Reason.NOT_FOUND, describe() + ": no " + path);
    }

    /** Checks a path named inside a layout: relative, no {@code ..}, no empty parts; returns it without {@code ./}. */
    static String checked(String describe, String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.startsWith("/") || p.indexOf('\0') >= 0 || p.indexOf('\\') >= 0) {
            throw new StowageException(Reason.INVALID, describe + ": entry " + path
                    + ": not a relative path");
        }
        for (String part : p.split("/", -1)) {
            if (part.equals("..") || part.isEmpty() || part.equals(".")) {
                throw new StowageException(Reason.INVALID, describe + ": entry " + path
                        + ": a path that leaves the archive or is not plain");
            }
        }
        return p;
    }

    @Override
    void close();
}
