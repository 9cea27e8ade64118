package io.stowage.oci;

import io.stowage.api.Descriptor;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * A layer's tar from its compressed bytes, by its media type: gzip (every member, as
 * {@code gzip -d} reads them), zstd ({@link Zstd}), or none. What checks a diff_id and what
 * unpacks a layer read the same stream. Closing the result never closes {@code compressed}.
 */
public final class LayerStreams {
    private LayerStreams() {
    }

    /**
     * The uncompressed bytes of layer {@code d}, read from {@code compressed}.
     *
     * @throws StowageException UNSUPPORTED for a media type that is no layer's
     */
    public static InputStream plain(InputStream compressed, Descriptor d, int buffer) throws IOException {
        String type = d.mediaType() == null ? "" : d.mediaType();
        InputStream unclosed = new Zstd.Unclosed(compressed);
        if (MediaTypes.GZIP_LAYERS.contains(type)) {
            // every member, as gzip -d reads them (pigz, eStargz): the JDK's reader goes on to the next
            // member only when the stream says bytes are available, which a network stream may not
            return new GZIPInputStream(new AvailableUntilEnd(unclosed), buffer);
        } else if (MediaTypes.ZSTD_LAYERS.contains(type)) {
            return Zstd.decode(compressed, d.digest());
        } else if (MediaTypes.PLAIN_LAYERS.contains(type)) {
            return unclosed;
        }
        throw new StowageException(Reason.UNSUPPORTED, "layer " + d.digest() + ": media type "
                + (type.isEmpty() ? "(none)" : type) + " is not supported");
    }

    /**
     * A stream whose {@link #available()} is at least 1 until its end, reading a byte ahead when
     * it must: what {@link GZIPInputStream} asks before it reads a further member. Reading ahead
     * blocks only where the next read would.
     */
    public static final class AvailableUntilEnd extends PushbackInputStream {
        public AvailableUntilEnd(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int n = super.available();
            if (n > 0) {
                return n;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }
}
