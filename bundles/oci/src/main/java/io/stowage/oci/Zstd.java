package io.stowage.oci;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * zstd layers, zstd:chunked among them (libzstd skips its skippable frames), decoded by zstd-jni:
 * libzstd through JNI, chosen by {@code bench/ZstdBench.java} (1.7 times the pure-Java decoder's
 * speed, which also refuses skippable frames). zstd-jni is imported dynamically: the core runs
 * without it, and a zstd layer then fails with a line that says what is missing. Only this class
 * names zstd-jni's types, so nothing else needs it to load. {@link LayerStreams} is its user.
 */
public final class Zstd {
    /**
     * The largest window a layer may make the decoder allocate, as a power of two: libzstd's own
     * default limit (128 MiB), stated here so that no change of default raises it.
     */
    public static final int WINDOW_LOG_MAX = 27;

    private Zstd() {
    }

    /**
     * The decoded bytes of a zstd layer. Closing the result frees the decoder's native memory and
     * leaves {@code compressed} open; corrupt data reads as {@link InvalidData}.
     */
    static InputStream decode(InputStream compressed, Digest layer) throws IOException {
        try {
            return new Decoded(new ZstdInputStreamNoFinalizer(new Unclosed(compressed)).setLongMax(WINDOW_LOG_MAX));
        } catch (NoClassDefFoundError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Could not initialize")) {
                throw nativeMissing(layer, e); // a later layer, after the library failed to load
            }
            throw new StowageException(Reason.UNSUPPORTED, "layer " + layer + " is zstd-compressed, and zstd-jni "
                    + "(bundle com.github.luben.zstd-jni), which decodes zstd, is not installed");
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            throw nativeMissing(layer, e);
        }
    }

    private static StowageException nativeMissing(Digest layer, Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new StowageException(Reason.UNSUPPORTED, "layer " + layer + " is zstd-compressed, and zstd-jni has no native library for "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " that loads here: " + cause.getMessage());
    }

    /** Bytes that are not valid zstd data. */
    public static final class InvalidData extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidData(String message) {
            super(message);
        }
    }

    /** The decoder, with libzstd's errors as {@link InvalidData}. */
    private static final class Decoded extends FilterInputStream {
        Decoded(InputStream decoder) {
            super(decoder);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZstdIOException e) {
                throw new InvalidData(e.getMessage());
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZstdIOException e) {
                throw new InvalidData(e.getMessage());
            }
        }
    }

    /** The compressed stream, which closing the decoder must not close: the copy reads it to its end afterwards. */
    static final class Unclosed extends FilterInputStream {
        Unclosed(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
