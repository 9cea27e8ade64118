package io.stowage.transport.archive.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Bytes {@code [start, start + length)} of a file, read by position: several slices of one
 * channel read at once without sharing a file pointer, and nothing is copied on the way.
 */
final class ChannelSlice extends io.stowage.oci.BulkInputStream {
    private final FileChannel channel;
    private long position;
    private final long end;

    ChannelSlice(FileChannel channel, long start, long length) {
        this.channel = channel;
        this.position = start;
        this.end = start + length;
    }

    /** Where the next read starts, in the file. */
    long position() {
        return position;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long left = end - position;
        if (left <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
        if (n < 0) {
            throw new IOException("the file ends " + left + " bytes early");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
