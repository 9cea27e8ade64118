package io.stowage.oci;

import java.io.IOException;
import java.io.InputStream;

/** An input stream written in terms of its bulk read: a single-byte read goes through it. */
public abstract class BulkInputStream extends InputStream {

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}
