package io.stowage.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.OciJson;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store's artifacts refer to (OCI 1.1 {@code subject}), for the Referrers API: each
 * stored artifact's manifest (an entry of the store's refs that the core marks as an artifact) is
 * read once per change of the refs, and listed under its subject's digest as the API's
 * descriptor ({@code artifactType}, {@code annotations}). A manifest that cannot be read is left out.
 */
final class Subjects {
    /** The annotation the core marks an artifact's entry with. */
    static final String ARTIFACT = "io.stowage.artifact.type";

    private final Map<Digest, List<ObjectNode>> referrers = new HashMap<>();

    Subjects(List<Descriptor> refs, BlobStore store) {
        java.util.Set<Digest> seen = new java.util.HashSet<>();
        for (Descriptor entry : refs) {
            if (entry.annotation(ARTIFACT) == null || !seen.add(entry.digest())) {
                continue;
            }
            try {
                byte[] bytes = io.stowage.oci.StoredDocuments.read(store, entry.digest());
                JsonNode node = OciJson.tree(bytes, "manifest " + entry.digest());
                Digest subject = subject(node);
                if (subject == null) {
                    continue;
                }
                ObjectNode d = OciJson.object();
                d.put("mediaType", node.path("mediaType").asText(MediaTypes.OCI_MANIFEST));
                d.put("digest", entry.digest().toString());
                d.put("size", bytes.length);
                String type = OciJson.artifactType(bytes, "manifest " + entry.digest());
                if (type != null) {
                    d.put("artifactType", type);
                }
                if (node.path("annotations").isObject()) {
                    d.set("annotations", node.get("annotations"));
                }
                referrers.computeIfAbsent(subject, s -> new ArrayList<>()).add(d);
            } catch (StowageException | UncheckedIOException damaged) {
                // a manifest the store cannot give whole: verify reports it; the list goes on without it
            }
        }
    }

    /** The referrers index of {@code subject}, with only those of {@code artifactType} when not null. */
    byte[] index(Digest subject, String artifactType) {
        ObjectNode index = OciJson.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        var manifests = index.putArray("manifests");
        for (ObjectNode d : referrers.getOrDefault(subject, List.of())) {
            if (artifactType == null || artifactType.equals(d.path("artifactType").asText())) {
                manifests.add(d);
            }
        }
        return OciJson.bytes(index);
    }

    /** The digest a manifest's {@code subject} names, as text; null when it has none (or it is not a manifest). */
    static String of(byte[] manifest) {
        try {
            Digest d = subject(OciJson.tree(manifest, "manifest"));
            return d == null ? null : d.toString();
        } catch (StowageException notJson) {
            return null;
        }
    }

    private static Digest subject(JsonNode node) {
        JsonNode subject = node.get("subject");
        return subject == null || subject.isNull() ? null : OciJson.descriptor(subject, "subject").digest();
    }
}
