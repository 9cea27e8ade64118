package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageEvents;
import io.stowage.api.ImageReference;
import io.stowage.api.Platform;
import io.stowage.api.PullResult;
import io.stowage.api.PushResult;
import io.stowage.api.RemoteImage;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TransferListener;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.EventSink;
import io.stowage.oci.OciJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The half of the image service that moves images between the store and a transport: pull, load,
 * push, save, remote inspection, tags, referrers and artifacts. Each is logged, posted as an event
 * and its failure named by {@link Core#within}.
 */
final class Transfers {
    /** What {@code image:save} writes and {@code image:load} reads: Docker's archive, as Docker's commands do. */
    private static final String ARCHIVES = "docker-archive";

    private final Core core;

    Transfers(Core core) {
        this.core = core;
    }

    PullResult pull(String reference, Platform platform, TransferListener listener) {
        Location location = core.transports.locate(reference);
        if (location != null) {
            return pulling(location.toString(), location.kind(), listener, counted -> {
                try (ImageSource source = core.transport(location).open(location)) {
                    return pullFrom(source, location.toString(), platform, counted, ImageEvents.PULLED, null);
                }
            });
        }
        ImageReference ref = Core.reference(reference);
        return pulling(ref.toString(), ref.registry(), listener, counted -> {
            try (ImageSource source = core.transport(ref).open(Location.of(ref))) {
                return pull(source, new PullTarget.Registry(ref), platform, counted, ImageEvents.PULLED, null);
            }
        });
    }

    /**
     * A pull of {@code what}, logged as it starts and ends (digest, bytes downloaded, seconds):
     * its failure named {@code pull <what>: …}, logged, and posted as {@link ImageEvents#PULL_FAILED}.
     */
    PullResult pulling(String what, String registry, TransferListener listener,
            java.util.function.Function<TransferListener, PullResult> pull) {
        PullHealth h = core.health();
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        TransferListener counted = counting(listener == null ? TransferListener.NONE : listener, bytes);
        core.log.info("pull {} started", what);
        try {
            PullResult r = Core.within("pull " + what, () -> pull.apply(counted));
            core.log.info("pull {} finished: {}, {} bytes downloaded in {} s", what, r.digest(), bytes.get(), seconds(start));
            if (h != null) {
                h.succeeded(registry);
            }
            return r;
        } catch (StowageException e) {
            core.log.warn("pull {} failed after {} s: {}", what, seconds(start), e.getMessage());
            if (h != null) {
                h.failed(registry, e.getMessage());
            }
            postFailure(what, e);
            throw e;
        }
    }

    static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** {@code listener}, with the size of each layer it is told was downloaded added to {@code bytes}. */
    static TransferListener counting(TransferListener listener, java.util.concurrent.atomic.AtomicLong bytes) {
        return new TransferListener() {
            @Override
            public void pulling(ImageReference reference) {
                listener.pulling(reference);
            }

            @Override
            public void progress(Descriptor layer, long received) {
                listener.progress(layer, received);
            }

            @Override
            public void layer(Descriptor layer, io.stowage.api.LayerStatus status) {
                if (status == io.stowage.api.LayerStatus.DOWNLOAD_COMPLETE) {
                    bytes.addAndGet(layer.size());
                }
                listener.layer(layer, status);
            }
        };
    }

    /** {@link ImageEvents#PULL_FAILED} for {@code what}, with the failure's reason and message. */
    void postFailure(String what, StowageException e) {
        EventSink sink = core.events();
        if (sink != null) {
            sink.post(ImageEvents.PULL_FAILED, Map.of(ImageEvents.REFERENCE, what, ImageEvents.REASON, e.reason().name(),
                    ImageEvents.MESSAGE, e.getMessage()));
        }
    }

    /** One result per name an image of the archive carries (one for an unnamed image), as Docker reports a load. */
    List<PullResult> load(String file, TransferListener listener) {
        Location location = new Location(ARCHIVES, file);
        return Core.within("load " + file, () -> {
            try (ImageArchive archive = core.transport(location).openArchive(location)) {
                List<PullResult> results = new ArrayList<>();
                for (ImageSource image : archive.images()) {
                    PullResult r = pullFrom(image, location.toString(), null, listener, ImageEvents.LOADED, file);
                    List<String> names = image.names();
                    if (names.size() <= 1) {
                        results.add(r);
                    }
                    for (int i = 0; names.size() > 1 && i < names.size(); i++) {
                        results.add(new PullResult(ImageReference.parse(names.get(i)), r.digest(), r.downloaded(), r.image()));
                    }
                }
                core.log.info("loaded {}: {} image(s)", file, results.size());
                return results;
            }
        });
    }

    /** A pull of the one image a location's source gives, named by the names it carries. */
    PullResult pullFrom(ImageSource source, String what, Platform platform, TransferListener listener, String topic,
            String file) {
        List<String> names = source.names().stream().map(n -> ImageReference.parse(n).toString()).distinct().toList();
        return pull(source, new PullTarget.Carried(what, source.rootDigest().orElse(null), names), platform, listener, topic, file);
    }

    /** A pull, then {@code topic} ({@link ImageEvents#PULLED} or, for a load, LOADED) once per name the image got. */
    PullResult pull(ImageSource source, PullTarget target, Platform platform, TransferListener listener, String topic,
            String file) {
        BlobStore s = core.awaitStore();
        PullResult result = new ImagePuller(s, source, core.catalog, core.leasesOf(s), core.downloads, core.layers, core.config().concurrency(), platform,
                listener == null ? TransferListener.NONE : listener, target).admitting(core.policy(), core.verifiers, ref -> core.transport(ref).open(io.stowage.api.transport.Location.of(ref)))
                .within(core.budget).pull();
        if (result.image() != null) {
            core.lastUse.used(s, result.image().id());
        }
        List<String> names = target instanceof PullTarget.Registry || target.names().isEmpty()
                ? java.util.Collections.singletonList(result.reference() == null ? target.what() : result.reference().toString())
                : target.names();
        for (String name : names) {
            core.post(topic, name, result.digest(), result.image().id(), file);
        }
        return result;
    }

    void save(List<String> images, String file) {
        if (images.isEmpty()) {
            throw new StowageException(Reason.INVALID, "save needs at least one image");
        }
        Location location = new Location(ARCHIVES, file);
        Core.within("save " + file, () -> {
            BlobStore s = core.store();
            List<Descriptor> refs = ImageCatalog.images(s);
            Map<String, Descriptor> chosen = new java.util.LinkedHashMap<>(); // name (or image ID) → entry
            for (String image : images) {
                ImageCatalog.Target t = core.catalog.resolve(s, image);
                Descriptor entry = core.catalog.entry(s, refs, t, image);
                // by name: saved under it; by ID: saved without a name, as docker save does
                chosen.putIfAbsent(t.entry() != null ? Annotations.name(entry) : t.imageId().toString(), entry);
            }
            ImagePusher pusher = new ImagePusher(s, core.catalog, core.leasesOf(s), TransferListener.NONE);
            try (ImageDestination destination = core.transport(location).openDestination(location)) {
                java.util.Set<Digest> signatures = new java.util.HashSet<>();
                List<Descriptor> all = s.refs();
                chosen.forEach((name, entry) -> {
                    String saved = name.startsWith("sha256:") ? null : name;
                    pusher.send(destination, entry, saved, List.of());
                    Digest index = Annotations.index(entry);
                    if (index != null && saved != null) { // the index it was signed as: the name's root in the layout
                        byte[] bytes = io.stowage.oci.StoredDocuments.read(s, index);
                        destination.putManifest(saved, io.stowage.oci.OciJson.mediaType(bytes, null, "index " + index), bytes);
                    }
                    // its kept signatures beside it: referrers without a name, which a load verifies it with
                    for (Descriptor signature : Signatures.of(all, entry)) {
                        if (!signatures.add(signature.digest())) {
                            continue;
                        }
                        if (Signatures.isTagScheme(signature)) {
                            Digest of = Digest.parse(signature.annotation(Signatures.OF));
                            pusher.send(destination, signature, (type, bytes) -> destination.putCosignSignatures(of, type, bytes));
                        } else {
                            pusher.send(destination, signature, null, List.of());
                        }
                    }
                });
                destination.commit();
            }
            chosen.forEach((name, entry) -> core.post(ImageEvents.SAVED, name, entry.digest(), core.catalog.imageId(s, entry), file));
            core.log.info("saved {} to {}", chosen.keySet(), file);
            return null;
        });
    }

    PushResult push(String reference, TransferListener listener) {
        ImageReference ref = Core.reference(reference);
        return Core.within("push " + ref, () -> {
            BlobStore s = core.store();
            PushResult r = new ImagePusher(s, core.catalog, core.leasesOf(s), listener == null ? TransferListener.NONE : listener)
                    .push(core.transport(ref), ref);
            core.log.info("pushed {}: {}", ref, r.digest());
            return r;
        });
    }

    PushResult push(String image, String destination, TransferListener listener) {
        Location location = core.transports.locate(destination);
        if (location == null) {
            throw new StowageException(Reason.INVALID, destination + " is not a location of a transport (oci:<dir>[:<ref>]); "
                    + "to push to a registry, tag the image with that name and push the name");
        }
        return Core.within("push " + image + " to " + location, () -> {
            BlobStore s = core.store();
            ImageCatalog.Target t = core.catalog.resolve(s, image);
            Descriptor entry = core.catalog.entry(s, s.refs(), t, image);
            String name = Annotations.name(entry);
            try (ImageDestination d = core.transport(location).openDestination(location)) {
                Digest pushed = new ImagePusher(s, core.catalog, core.leasesOf(s), listener == null ? TransferListener.NONE : listener)
                        .send(d, entry, name, List.of());
                d.commit();
                return new PushResult(name == null ? null : ImageReference.parse(name), pushed, entry.size());
            }
        });
    }

    String sign(String reference, java.nio.file.Path keyFile, byte[] passphrase, io.stowage.api.trust.ImageSigner.Format format) {
        Location location = core.transports.locate(reference);
        ImageReference ref = location == null ? Core.reference(reference) : null;
        String what = location != null ? location.kind() + ":" + location.text() : ref.toString();
        return Core.within("sign " + what, () -> {
            java.security.KeyPair key = SigningKeys.read(keyFile, passphrase);
            String where = location != null ? new ImageSigning(core.transport(location), location, key).sign(format)
                    : new ImageSigning(core.transport(ref), ref, key).sign(format);
            core.log.info("signed {} with key {}: {}", what, keyFile, where);
            return where;
        });
    }

    RemoteImage inspectRemote(String reference, Platform platform) {
        ImageReference ref = Core.reference(reference);
        return Core.within("inspect " + ref, () -> {
            try (ImageSource source = core.transport(ref).open(Location.of(ref))) {
                ManifestResolver.Resolved r = new ManifestResolver(platform).resolve(source, ref);
                Descriptor config = r.parsed().config();
                byte[] rawConfig = RemoteBlobs.read(source, config, "config " + config.digest());
                return new RemoteImage(ref, r.rootDigest(), r.root().bytes(), r.parsed(),
                        OciJson.config(rawConfig, "config " + config.digest()), rawConfig, validTags(source.tags(), ref, t -> { }));
            }
        });
    }

    io.stowage.api.Artifact pull(String reference) {
        ImageReference ref = Core.reference(reference);
        return Core.within("pull " + ref, () -> {
            BlobStore s = core.awaitStore();
            try (ImageSource source = core.transport(ref).open(Location.of(ref))) {
                io.stowage.api.Artifact a = artifactsIn(s).pull(source, ref);
                core.log.info("artifact {} pulled: {} ({})", ref, a.digest(), a.artifactType());
                return a;
            }
        });
    }

    List<io.stowage.api.Artifact> artifacts() {
        BlobStore s = core.store();
        return artifactsIn(s).list();
    }

    List<Digest> remove(String reference) {
        return Core.within("remove " + reference, () -> {
            BlobStore s = core.store();
            return artifactsIn(s).remove(reference);
        });
    }

    List<java.nio.file.Path> export(String reference, java.nio.file.Path directory) {
        return Core.within("export " + reference + " to " + directory, () -> {
            BlobStore s = core.store();
            return artifactsIn(s).export(reference, directory);
        });
    }

    /**
     * A manifest a client pushed into the store, named {@code reference} as a pull from the store
     * itself names it (an artifact as {@code artifact:pull} does); logged and posted as
     * {@link ImageEvents#RECEIVED}.
     */
    Digest receive(String reference, String mediaType, byte[] bytes) {
        ImageReference ref = Core.reference(reference);
        Digest digest = Digest.of(bytes);
        return Core.within("receive " + ref, () -> {
            BlobStore s = core.awaitStore();
            RawManifest root = new RawManifest(mediaType, bytes);
            try (ImageSource source = new StoredSource(s, root)) {
                String what = "manifest " + digest;
                String type = OciJson.mediaType(bytes, mediaType, what);
                Digest imageId = null;
                if (io.stowage.api.MediaTypes.OCI_MANIFEST.equals(type) && OciJson.artifactType(bytes, what) != null) {
                    artifactsIn(s).pull(source, ref);
                } else {
                    imageId = new ImagePuller(s, source, core.catalog, core.leasesOf(s), core.downloads, core.layers,
                            core.config().concurrency(), null, TransferListener.NONE, new PullTarget.Registry(ref)).pull().image().id();
                }
                core.log.info("received {}: {}", ref, digest);
                core.post(ImageEvents.RECEIVED, ref.toString(), digest, imageId);
                return digest;
            }
        });
    }

    Artifacts artifactsIn(BlobStore s) {
        return new Artifacts(s, core.catalog, core.leasesOf(s));
    }

    List<io.stowage.api.Referrer> referrers(String reference, String artifactType) {
        ImageReference ref = Core.reference(reference);
        return Core.within("referrers of " + ref, () -> Referrers.of(core.transport(ref), ref, artifactType));
    }

    List<String> tags(String repository, java.util.function.Consumer<String> skipped) {
        ImageReference ref = Core.reference(repository);
        if (!ref.tag().equals(ImageReference.DEFAULT_TAG) || ref.digest() != null || repository.endsWith(":latest")) {
            throw new StowageException(Reason.INVALID, "a repository has no tag or digest: " + repository);
        }
        return Core.within("tags of " + ref.name(), () -> {
            try (ImageSource source = core.transport(ref).open(Location.of(ref))) {
                return validTags(source.tags(), ref, skipped);
            }
        });
    }

    /** The names a registry listed that are tags; each other one is told to {@code skipped}. */
    static List<String> validTags(List<String> listed, ImageReference repository, java.util.function.Consumer<String> skipped) {
        List<String> tags = new ArrayList<>(listed.size());
        for (String name : listed) {
            if (ImageReference.isTag(name)) {
                tags.add(name);
            } else {
                skipped.accept("skipped \"" + io.stowage.api.TerminalText.escape(name) + "\" listed by "
                        + repository.name() + ": not a valid tag");
            }
        }
        return tags;
    }
}
