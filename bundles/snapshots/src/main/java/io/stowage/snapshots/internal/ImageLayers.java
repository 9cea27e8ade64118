package io.stowage.snapshots.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageService;
import io.stowage.api.Manifest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.LayerStreams;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored image's layers, each beside its diff_id and its chain ID, and the one way they are
 * applied: read from the store, inflated, checked against the diff_id as they are written.
 */
record ImageLayers(Image image, List<Descriptor> layers, List<Digest> diffIds, List<Digest> chainIds) {
    private static final int BUFFER = 1 << 16;

    /** The layers of {@code image} (a name or an ID); refused when the image is damaged or its config and manifest disagree. */
    static ImageLayers of(ImageService images, BlobStore store, String image) {
        Image img = images.inspect(image);
        if (img.damage() != null) {
            throw new StowageException(Reason.INVALID, "image " + image + " is damaged (" + img.damage() + "); pull it again");
        }
        Manifest manifest = manifest(store, img.manifest());
        List<Digest> diffIds = img.config().diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new StowageException(Reason.INVALID, "image " + image + ": its config names " + diffIds.size() + " diff_ids for "
                    + manifest.layers().size() + " layers");
        }
        return new ImageLayers(img, manifest.layers(), diffIds, chainIds(diffIds));
    }

    /**
     * The OCI image spec's chain IDs: the first layer's is its diff_id, each next one the SHA-256
     * of the one before, a space and the layer's diff_id. Two images share a chain ID exactly when
     * they share every layer up to it, so it names an unpacked stack of layers.
     */
    static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>();
        for (Digest d : diffIds) {
            chain.add(chain.isEmpty() ? d : Digest.of((chain.get(chain.size() - 1) + " " + d).getBytes(StandardCharsets.US_ASCII)));
        }
        return chain;
    }

    /** Applies layer {@code i} with {@code applier}; its content must hash to its diff_id. */
    void apply(BlobStore store, int i, LayerApplier applier) throws IOException {
        Descriptor layer = layers.get(i);
        MessageDigest hash = Digest.sha256();
        try (InputStream compressed = store.open(layer.digest());
                InputStream plain = new DigestInputStream(LayerStreams.plain(compressed, layer, BUFFER), hash)) {
            applier.apply(plain);
            plain.transferTo(OutputStream.nullOutputStream()); // what follows the tar's end counts toward the diff_id too
        }
        Digest actual = Digest.of(hash);
        if (!actual.equals(diffIds.get(i))) {
            throw new StowageException(Reason.DIGEST_MISMATCH, "layer " + layer.digest() + ": diff_id mismatch: config says "
                    + diffIds.get(i) + ", content is " + actual);
        }
    }

    private static Manifest manifest(BlobStore store, Digest digest) {
        return OciJson.manifest(io.stowage.oci.StoredDocuments.read(store, digest), "manifest " + digest);
    }
}
