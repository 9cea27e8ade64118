package io.stowage.oneshot.attach;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * {@code <data>/run/}: where a running instance ({@code bin/stowage start}) keeps its socket, its
 * process id and the lock that makes it the only one on this data directory. Only its owner may
 * enter the directory (mode 0700), so only the user the instance runs as can open the socket.
 */
public final class RunDirectory {
    /** The longest path a Unix domain socket may have on Linux (sun_path holds 108 bytes with its NUL). */
    public static final int MAX_SOCKET_PATH = 107;
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public final Path dir;
    public final Path socket;
    public final Path pid;
    public final Path lock;
    /** What the instance prints before its log is set up, and errors that reach no log. */
    public final Path output;

    public RunDirectory(Path data) {
        this.dir = data.resolve("run");
        this.socket = dir.resolve("stowage.sock");
        this.pid = dir.resolve("stowage.pid");
        this.lock = dir.resolve("stowage.lock");
        this.output = dir.resolve("stowage.out");
    }

    /** Makes the directory for its owner only (or makes it so), and checks that this user owns it. */
    public void make() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        UserPrincipal me = processUser();
        UserPrincipal owner = Files.getOwner(dir);
        if (!owner.equals(me)) {
            throw new IOException(dir + " belongs to " + owner.getName() + ", not to " + me.getName());
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
    }

    /** The user this process runs as: the one who may enter the directory, and the only peer the socket takes. */
    public static UserPrincipal processUser() throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    /** Why the socket cannot be made at its path, or null. */
    public String socketProblem() {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        return length <= MAX_SOCKET_PATH ? null : "the socket path " + socket + " is " + length + " bytes long, at most "
                + MAX_SOCKET_PATH + " can be bound: give the data directory a shorter path (STOWAGE_DATA)";
    }

    /** The running instance's process id, or -1 when none is recorded. */
    public long recordedPid() {
        try {
            return Long.parseLong(Files.readString(pid, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** A connection to the running instance; null when none listens (no socket, or one left by an instance that died). */
    public SocketChannel connect() {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The channel's reading end as a stream. Not {@code Channels.newInputStream}: on JDK 17 its
     * reads and the output stream's writes hold the same lock, so a write would wait for a read.
     */
    public static InputStream in(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, len));
                return n;
            }
        };
    }

    /** The channel's writing end as a stream. */
    public static OutputStream out(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }
}
