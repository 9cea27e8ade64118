package io.stowage.store.fs.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Run in its own JVM by the tests: adds {@code count} named entries to the store at {@code dir}. */
public final class RefHammer {
    private RefHammer() {
    }

    public static void main(String[] args) {
        FsBlobStore store = new FsBlobStore(Paths.get(args[0]));
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        Digest digest = Digest.of(new byte[] {1});
        for (int i = 0; i < count; i++) {
            String name = "host/" + prefix + ":t" + i;
            store.updateRefs(refs -> {
                List<Descriptor> next = new ArrayList<>(refs);
                next.add(new Descriptor(MediaTypes.OCI_MANIFEST, digest, 1, null, Map.of(Descriptor.REF_NAME, name)));
                return next;
            });
        }
    }
}
