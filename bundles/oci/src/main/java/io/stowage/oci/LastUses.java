package io.stowage.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * When images were last used, as the stores keep it apart from their refs: one rule for
 * recording (a later time replaces an earlier one, removed images are forgotten) and one file
 * form, {@code {"sha256:<image ID hex>": "<instant>", …}}.
 */
public final class LastUses {
    /** Entries one record holds at most; a file claiming more is read up to it. */
    public static final int MAX_ENTRIES = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LastUses() {
    }

    /** {@code kept} with {@code uses} recorded and every image not in {@code live} forgotten. */
    public static Map<Digest, Instant> merge(Map<Digest, Instant> kept, Map<Digest, Instant> uses, Set<Digest> live) {
        Map<Digest, Instant> next = new HashMap<>();
        kept.forEach((image, when) -> {
            if (live.contains(image)) {
                next.put(image, when);
            }
        });
        uses.forEach((image, when) -> {
            if (live.contains(image)) {
                next.merge(image, when, (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        return next;
    }

    /** The file's records; entries that are no digest and time are skipped (a damaged file loses its bad entries, nothing else). */
    public static Map<Digest, Instant> parse(byte[] bytes) {
        Map<Digest, Instant> uses = new HashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException damaged) {
            return uses;
        }
        if (root == null || !root.isObject()) {
            return uses;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext() && uses.size() < MAX_ENTRIES;) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                uses.put(Digest.parse(e.getKey()), Instant.parse(e.getValue().asText()));
            } catch (StowageException | DateTimeParseException notARecord) {
                // skipped
            }
        }
        return uses;
    }

    public static byte[] format(Map<Digest, Instant> uses) {
        ObjectNode root = JSON.createObjectNode();
        uses.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Digest::toString)))
                .forEach(e -> root.put(e.getKey().toString(), e.getValue().toString()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
