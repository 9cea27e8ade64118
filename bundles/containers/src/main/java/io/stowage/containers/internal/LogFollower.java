package io.stowage.containers.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A container's log copied to a stream: what it holds, then, while {@code more} says the process
 * runs, what it grows by (looked at every 100 ms), and what it got last once the process exited.
 */
final class LogFollower {
    private final Path file;
    private final BooleanSupplier more;

    LogFollower(Path file, BooleanSupplier more) {
        this.file = file;
        this.more = more;
    }

    void copyTo(OutputStream out) {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                boolean last = !more.getAsBoolean();
                for (int n; (n = in.read(buf)) > 0;) {
                    out.write(buf, 0, n);
                }
                out.flush();
                if (last) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (NoSuchFileException never) {
            // a container never started has printed nothing
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "log " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
