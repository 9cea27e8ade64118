package io.stowage.store.fs.internal;

import io.stowage.api.Digest;
import io.stowage.api.store.BlobWriter;
import io.stowage.api.store.LeaseManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

/**
 * Run in its own JVM by the tests, as another process on the same data directory: holds a lease
 * on digests ({@code lease <dir> <digest>…}) or a resumable ingest ({@code ingest <dir> <digest>
 * <text>}), prints {@code holding}, and lets go when its standard input ends.
 */
public final class StoreHolder {
    private StoreHolder() {
    }

    public static void main(String[] args) throws IOException {
        FsBlobStore store = new FsBlobStore(Paths.get(args[1]));
        if (args[0].equals("lease")) {
            try (LeaseManager.Lease lease = store.leases().lease()) {
                for (int i = 2; i < args.length; i++) {
                    lease.add(Digest.parse(args[i]));
                }
                holdUntilStdinEnds();
            }
        } else {
            try (BlobWriter writer = store.resume(Digest.parse(args[2]))) {
                byte[] bytes = args[3].getBytes(StandardCharsets.UTF_8);
                writer.write(bytes, 0, bytes.length);
                holdUntilStdinEnds();
            }
        }
    }

    private static void holdUntilStdinEnds() throws IOException {
        System.out.println("holding");
        System.out.flush();
        System.in.readAllBytes();
    }
}
