package io.stowage.oneshot.attach;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The attach protocol between {@code bin/stowage} and a running instance, over its Unix domain
 * socket: frames of a type byte, a length (4 bytes, big-endian) and that many bytes. The client
 * opens with {@link #HELLO} (a command) or {@link #PING} or {@link #STOP}; then the server sends
 * output, asks for standard input when the command reads it ({@link #WANT_INPUT}: the client reads
 * its standard input only then), and ends with {@link #EXIT}. Both ends bound what they read.
 * Plain JDK, as the launcher loads it from {@code lib/} outside the framework.
 */
public final class Frames {
    /** Client: the command ({@link Hello}). */
    public static final byte HELLO = 'H';
    /** Client: is the instance up? Answered with {@link #PONG}. */
    public static final byte PING = 'p';
    /** Client: stop the instance. Answered with {@link #EXIT} once it is stopping. */
    public static final byte STOP = 's';
    /** Client: bytes of standard input, as asked for. */
    public static final byte INPUT = 'i';
    /** Client: standard input has ended. */
    public static final byte INPUT_END = 'e';
    /** Client: Ctrl-C, cancel the command. */
    public static final byte CANCEL = 'c';
    /** Server: bytes of standard output. */
    public static final byte OUT = 'o';
    /** Server: bytes of standard error. */
    public static final byte ERR = 'r';
    /** Server: the command reads standard input; payload the most bytes it takes (4 bytes). */
    public static final byte WANT_INPUT = 'w';
    /** Server: the command's exit status (4 bytes); the last frame. */
    public static final byte EXIT = 'x';
    /** Server: the instance's process id (8 bytes), in answer to {@link #PING}. */
    public static final byte PONG = 'P';

    /** The most bytes of a frame: a hello's arguments and working directory, or a chunk of a stream. */
    public static final int MAX_FRAME = 1 << 20;
    /** The most bytes of a stream chunk sent in one frame. */
    public static final int CHUNK = 64 * 1024;
    /** The most arguments a command may have. */
    public static final int MAX_ARGS = 4096;
    private static final int VERSION = 1;

    /** A frame read. */
    public record Frame(byte type, byte[] payload) {
        /** The payload as a number of 4 bytes (an exit status, a size). */
        public int number() throws IOException {
            if (payload.length != 4) {
                throw new IOException("attach protocol: frame '" + (char) type + "' of " + payload.length + " bytes, expected 4");
            }
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    /**
     * What a client asks to run: the arguments (none: the interactive shell), its working
     * directory, which of its standard streams are terminals (bit 0 input, 1 output, 2 error), and
     * its terminal's width in columns (0 when unknown).
     */
    public record Hello(List<String> args, String cwd, int terminals, int columns) {
        public byte[] encode() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            out.writeUTF(cwd);
            out.writeInt(terminals);
            out.writeInt(columns);
            out.writeInt(args.size());
            for (String a : args) {
                out.writeUTF(a);
            }
            return bytes.toByteArray();
        }

        /** The hello in {@code payload}; an IOException naming what is wrong with it. */
        public static Hello decode(byte[] payload) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            try {
                int version = in.readInt();
                if (version != VERSION) {
                    throw new IOException("attach protocol version " + version + ", this instance speaks " + VERSION
                            + " (bin/stowage and the running instance differ)");
                }
                String cwd = in.readUTF();
                int terminals = in.readInt();
                int columns = in.readInt();
                int n = in.readInt();
                if (n < 0 || n > MAX_ARGS) {
                    throw new IOException("attach protocol: " + n + " arguments, at most " + MAX_ARGS);
                }
                List<String> args = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    args.add(in.readUTF());
                }
                if (in.available() > 0) {
                    throw new IOException("attach protocol: " + in.available() + " bytes after the arguments");
                }
                return new Hello(List.copyOf(args), cwd, terminals & 7, Math.max(0, columns));
            } catch (EOFException e) {
                throw new IOException("attach protocol: the hello ends early");
            }
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final byte[] header = new byte[5];

    public Frames(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Writes one frame, whole, and flushes it; safe from several threads. */
    public void write(byte type, byte[] payload, int off, int len) throws IOException {
        synchronized (out) {
            out.write(new byte[] {type, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
            out.write(payload, off, len);
            out.flush();
        }
    }

    public void write(byte type, byte[] payload) throws IOException {
        write(type, payload, 0, payload.length);
    }

    public void write(byte type) throws IOException {
        write(type, new byte[0]);
    }

    public void writeNumber(byte type, int n) throws IOException {
        write(type, new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    /** The next frame; null at the end of the stream between frames; an IOException for a frame too long or cut. */
    public Frame read() throws IOException {
        int got = in.readNBytes(header, 0, 1);
        if (got == 0) {
            return null;
        }
        if (in.readNBytes(header, 1, 4) != 4) {
            throw new IOException("attach protocol: a frame cut short");
        }
        int len = ((header[1] & 0xff) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        if (len < 0 || len > MAX_FRAME) {
            throw new IOException("attach protocol: a frame of " + Integer.toUnsignedString(len) + " bytes, at most " + MAX_FRAME);
        }
        byte[] payload = in.readNBytes(len);
        if (payload.length != len) {
            throw new IOException("attach protocol: a frame cut short");
        }
        return new Frame(header[0], payload);
    }

    /** An output stream that sends what is written as frames of {@code type}, each at most {@link #CHUNK}. */
    public OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int at = off; at < off + len; at += CHUNK) {
                    Frames.this.write(type, b, at, Math.min(CHUNK, off + len - at));
                }
            }
        };
    }
}
