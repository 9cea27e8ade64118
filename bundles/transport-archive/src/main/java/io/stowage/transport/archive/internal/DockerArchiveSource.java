package io.stowage.transport.archive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.oci.FileKinds;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.Referrer;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image of a {@code docker save} archive, as its {@code manifest.json} lists it: chosen by one
 * of its {@code RepoTags} ({@code :app:1.0}), by position ({@code :@1}), or the only one. When the
 * archive carries an OCI layout too (Docker 25 and later, and Stowage's own saves), the image's
 * manifest from there is used byte for byte; otherwise an OCI manifest is written for the config
 * and layer files, a plain layer's digest being its diff_id (the core checks both) and a
 * compressed one's measured here.
 */
final class DockerArchiveSource implements ArchiveSource {
    private record Item(String config, List<String> repoTags, List<String> layers) {
    }

    private final LayoutFiles files;
    private final String selector;
    private final boolean owner;
    private Item item;
    private RawManifest manifest;
    private final Map<Digest, String> paths = new HashMap<>();
    private final LayoutManifests layout;

    DockerArchiveSource(LayoutFiles files, String selector, boolean owner) {
        this(files, selector, owner, new LayoutManifests(files));
    }

    private DockerArchiveSource(LayoutFiles files, String selector, boolean owner, LayoutManifests layout) {
        this.files = files;
        this.selector = selector;
        this.owner = owner;
        this.layout = layout;
    }

    /** One image of an archive whose manifest.json was read already; shares the archive's files. */
    private DockerArchiveSource(LayoutFiles files, Item item, int position, LayoutManifests layout) {
        this(files, "@" + position, false, layout);
        this.item = item;
    }

    private List<Item> items() {
        String what = files.describe() + ": manifest.json";
        JsonNode root = OciJson.anyTree(files.read("manifest.json", LayoutFiles.MAX_DOCUMENT), what);
        if (!root.isArray()) {
            throw new StowageException(Reason.INVALID, what + ": not a list of images");
        }
        List<Item> items = new ArrayList<>();
        for (JsonNode n : root) {
            JsonNode config = n.get("Config");
            if (config == null || !config.isTextual()) {
                throw new StowageException(Reason.INVALID, what + ": an image without Config");
            }
            items.add(new Item(config.asText(), strings(n.get("RepoTags"), what), strings(n.get("Layers"), what)));
        }
        return items;
    }

    private static List<String> strings(JsonNode array, String what) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new StowageException(Reason.INVALID, what + ": " + array + " is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : array) {
            if (!s.isTextual()) {
                throw new StowageException(Reason.INVALID, what + ": " + s + " is not a string");
            }
            out.add(s.asText());
        }
        return out;
    }

    private Item item() {
        if (item == null) {
            item = choose(items());
        }
        return item;
    }

    private Item choose(List<Item> items) {
        String wanted = selector == null || selector.isEmpty() || selector.startsWith("@") ? null : ImageReference.parse(selector).toString();
        return files.choose(items, selector,
                i -> i.repoTags().stream().anyMatch(tag -> ImageReference.parse(tag).toString().equals(wanted)), tags(items));
    }

    private static String tags(List<Item> items) {
        List<String> all = items.stream().flatMap(i -> i.repoTags().stream()).toList();
        return all.isEmpty() ? "no names" : String.join(", ", all);
    }

    @Override
    public synchronized RawManifest resolve() {
        if (manifest == null) {
            Item i = item();
            byte[] config = files.read(LayoutFiles.checked(files.describe(), i.config()), RawManifest.MAX_BYTES);
            Digest configDigest = Digest.of(config);
            paths.put(configDigest, i.config());
            RawManifest image = fromLayout(configDigest, i).orElseGet(() -> written(config, configDigest, i));
            manifest = indexListing(i, Digest.of(image.bytes())).orElse(image);
        }
        return manifest;
    }

    /**
     * The index the archive's OCI layout names the image by (one of its names, whose entry is an
     * index that lists its manifest): the root it was signed as, as {@code image:save} keeps it.
     * Each index read is checked against its entry's digest.
     */
    private Optional<RawManifest> indexListing(Item i, Digest image) {
        if (!hasLayout()) {
            return Optional.empty();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String tag : i.repoTags()) {
            names.add(ImageReference.parse(tag).toString());
        }
        LayoutSource layout = layoutSource();
        for (Descriptor e : layout.entries()) {
            if (!MediaTypes.INDEXES.contains(e.mediaType()) || !names.contains(e.annotation(Descriptor.REF_NAME))) {
                continue;
            }
            byte[] bytes = layout.checked(e);
            if (OciJson.index(bytes, files.describe() + ": index " + e.digest()).manifests().stream().anyMatch(m -> m.digest().equals(image))) {
                return Optional.of(new RawManifest(e.mediaType(), bytes));
            }
        }
        return Optional.empty();
    }

    /** The image's own manifest from the archive's OCI layout, when it has one for this config. */
    private Optional<RawManifest> fromLayout(Digest configDigest, Item i) {
        return layout.of(configDigest).stream().filter(f -> f.layers() == i.layers().size()).map(Found::raw).findFirst();
    }

    private record Found(RawManifest raw, int layers) {
    }

    /** The manifests of the archive's OCI layout by config digest, read once for all its images. */
    private static final class LayoutManifests {
        private final LayoutFiles files;
        private Map<Digest, List<Found>> byConfig;

        LayoutManifests(LayoutFiles files) {
            this.files = files;
        }

        synchronized List<Found> of(Digest config) {
            if (byConfig == null) {
                byConfig = files.exists("index.json") && files.exists("oci-layout") ? read() : Map.of();
            }
            return byConfig.getOrDefault(config, List.of());
        }

        private Map<Digest, List<Found>> read() {
            Map<Digest, List<Found>> found = new HashMap<>();
            List<Descriptor> candidates = new ArrayList<>(new LayoutSource(files, null, false).entries());
            java.util.Set<Digest> seen = new java.util.HashSet<>();
            for (int n = 0; n < candidates.size(); n++) {
                Descriptor d = candidates.get(n);
                String path = LayoutSource.path(d.digest());
                if (!seen.add(d.digest()) || !files.exists(path) || files.size(path) > RawManifest.MAX_BYTES) {
                    continue;
                }
                byte[] bytes = files.read(path, RawManifest.MAX_BYTES);
                String what = files.describe() + ": " + path;
                String type = OciJson.mediaType(bytes, d.mediaType(), what);
                if (MediaTypes.INDEXES.contains(type)) {
                    candidates.addAll(OciJson.index(bytes, what).manifests());
                } else if (MediaTypes.MANIFESTS.contains(type) && Digest.of(bytes).equals(d.digest())) {
                    Manifest m = OciJson.manifest(bytes, what);
                    found.computeIfAbsent(m.config().digest(), k -> new ArrayList<>())
                            .add(new Found(new RawManifest(type, bytes), m.layers().size()));
                }
            }
            return found;
        }
    }

    /** An OCI manifest for the config and the layer files as they lie in the archive. */
    private RawManifest written(byte[] config, Digest configDigest, Item i) {
        List<Digest> diffIds = OciJson.config(config, files.describe() + ": " + i.config()).diffIds();
        if (diffIds.size() != i.layers().size()) {
            throw new StowageException(Reason.INVALID, files.describe() + ": " + i.config() + " names " + diffIds.size()
                    + " diff_ids for " + i.layers().size() + " layers");
        }
        ObjectNode root = OciJson.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        root.set("config", OciJson.descriptor(new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length)));
        ArrayNode layers = root.putArray("layers");
        for (int n = 0; n < i.layers().size(); n++) {
            String path = LayoutFiles.checked(files.describe(), i.layers().get(n));
            Descriptor layer = layer(path, diffIds.get(n));
            paths.put(layer.digest(), path);
            layers.add(OciJson.descriptor(layer));
        }
        return new RawManifest(MediaTypes.OCI_MANIFEST, OciJson.bytes(root));
    }

    /**
     * A layer file's descriptor: a plain tar is named by its diff_id; a gzip or zstd one (by its
     * magic number, as {@code docker load} tells them) is hashed.
     */
    private Descriptor layer(String path, Digest diffId) {
        long size = files.size(path);
        try (InputStream in = files.open(path, 0)) {
            byte[] head = in.readNBytes(4);
            String type = compression(head);
            if (type == null) {
                return new Descriptor(MediaTypes.OCI_LAYER, diffId, size);
            }
            MessageDigest sha = Digest.sha256();
            sha.update(head);
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
            return new Descriptor(type, Digest.of(sha), size);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, files.describe() + ": " + path + ": " + FileKinds.reason(e), e);
        }
    }

    /** The layer media type that the first bytes of a file announce, or null for none (a plain tar). */
    static String compression(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return MediaTypes.OCI_LAYER_GZIP;
        }
        if (head.length < 4) {
            return null;
        }
        int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
        if (magic == 0xfd2fb528 || (magic & 0xfffffff0) == 0x184d2a50) { // a zstd frame, or a skippable one
            return MediaTypes.OCI_LAYER_ZSTD;
        }
        return null;
    }

    @Override
    public Optional<Digest> rootDigest() {
        return Optional.of(Digest.of(resolve().bytes()));
    }

    @Override
    public List<String> names() {
        return item().repoTags();
    }

    @Override
    public List<ImageSource> images() {
        if (selector != null && !selector.isEmpty()) {
            return List.of(this);
        }
        List<ImageSource> all = new ArrayList<>();
        List<Item> items = items();
        for (int n = 0; n < items.size(); n++) {
            all.add(new DockerArchiveSource(files, items.get(n), n, layout));
        }
        return all;
    }

    @Override
    public RawManifest manifest(Digest digest) {
        RawManifest root = resolve(); // the one manifest of a docker save image: its own, or the one made for it
        if (Digest.of(root.bytes()).equals(digest)) {
            return root;
        }
        if (hasLayout()) { // a referrer kept beside it in the archive's OCI layout
            return layoutSource().manifest(digest);
        }
        throw new StowageException(Reason.NOT_FOUND, files.describe() + ": no manifest " + digest);
    }

    /**
     * The referrers the archive's OCI layout keeps beside its images (Stowage's {@code image:save}
     * writes an image's signatures so); none in an archive without a layout.
     */
    @Override
    public Optional<List<Referrer>> referrers(Digest subject) {
        return hasLayout() ? layoutSource().referrers(subject) : Optional.of(List.of());
    }

    /** cosign's signature manifest of {@code image} in the archive's OCI layout; none without a layout. */
    @Override
    public Optional<RawManifest> cosignSignatures(Digest image) {
        return hasLayout() ? layoutSource().cosignSignatures(image) : Optional.empty();
    }

    private boolean hasLayout() {
        return files.exists("index.json") && files.exists("oci-layout");
    }

    private LayoutSource layoutSource() {
        return new LayoutSource(files, null, false);
    }

    @Override
    public InputStream blob(Descriptor descriptor, long offset) {
        resolve();
        return files.blob(paths.getOrDefault(descriptor.digest(), LayoutSource.path(descriptor.digest())), descriptor.size(), offset);
    }

    @Override
    public void close() {
        if (owner) {
            files.close();
        }
    }
}
