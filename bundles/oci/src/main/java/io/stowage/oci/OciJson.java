package io.stowage.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.ContainerConfig;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.History;
import io.stowage.api.ImageConfig;
import io.stowage.api.Index;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.Platform;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codec for the OCI image spec's JSON documents. Duplicate keys are refused, as are digests
 * that are not {@code sha256:<64 hex>}.
 */
public final class OciJson {
    /** An image layout's {@code oci-layout} file, as every layout Stowage writes has it. @since 0.3 */
    public static final String OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    /** One mapper, thread-safe, for every document Stowage reads or writes; not handed out, so no one reconfigures it. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private OciJson() {
    }

    /** A new, empty JSON object to fill and write with {@link #bytes}. */
    public static com.fasterxml.jackson.databind.node.ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new, empty JSON array. */
    public static com.fasterxml.jackson.databind.node.ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code value} (a tree, a map, a list) as compact JSON. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + value.getClass().getName(), e); // trees, maps and lists always are
        }
    }

    /** {@code value} as indented JSON, for a file people read. */
    public static byte[] prettyBytes(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + value.getClass().getName(), e);
        }
    }

    /** Parses JSON bytes into a tree; malformed JSON is INVALID naming {@code what}. */
    public static JsonNode tree(byte[] bytes, String what) {
        JsonNode node = anyTree(bytes, what);
        if (!node.isObject()) {
            throw new StowageException(Reason.INVALID, what + ": not a JSON object");
        }
        return node;
    }

    /** Parses JSON bytes of any shape (an array, say) into a tree; malformed JSON is INVALID naming {@code what}. */
    public static JsonNode anyTree(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null) {
                throw new StowageException(Reason.INVALID, what + ": empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new StowageException(Reason.INVALID, what + ": malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) { // from bytes in memory: only ever bad input, such as bad UTF-8 or UTF-32
            throw new StowageException(Reason.INVALID, what + ": malformed JSON: " + e.getMessage());
        }
    }

    /**
     * The media type of a root document: its own {@code mediaType} field, else the one the source
     * announced when it is a known one, else what its shape says.
     */
    public static String mediaType(byte[] bytes, String announced, String what) {
        JsonNode node = tree(bytes, what);
        String own = text(node, "mediaType");
        if (own != null && !own.isEmpty()) {
            return own;
        }
        if (node.path("schemaVersion").asInt() == 1) {
            return MediaTypes.DOCKER_SCHEMA1;
        }
        if (announced != null && (MediaTypes.MANIFESTS.contains(announced) || MediaTypes.INDEXES.contains(announced))) {
            return announced;
        }
        if (node.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (node.has("config") && node.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw new StowageException(Reason.UNSUPPORTED, what + ": unknown document type"
                + (announced == null ? "" : " " + announced));
    }

    public static Manifest manifest(byte[] bytes, String what) {
        JsonNode node = tree(bytes, what);
        requireSchemaVersion2(node, what);
        JsonNode layers = node.get("layers");
        if (layers == null || !layers.isArray()) {
            throw new StowageException(Reason.INVALID, what + ": manifest has no layers array");
        }
        List<Descriptor> list = new ArrayList<>();
        for (JsonNode layer : layers) {
            list.add(descriptor(layer, what + ": layer"));
        }
        JsonNode config = node.get("config");
        if (config == null) {
            throw new StowageException(Reason.INVALID, what + ": manifest has no config");
        }
        return new Manifest(text(node, "mediaType"), descriptor(config, what + ": config"), list);
    }

    public static Index index(byte[] bytes, String what) {
        JsonNode node = tree(bytes, what);
        requireSchemaVersion2(node, what);
        return new Index(text(node, "mediaType"), descriptors(node.get("manifests"), what));
    }

    /** Reads an image layout's {@code index.json} (an OCI index). */
    public static List<Descriptor> layoutIndex(byte[] bytes, String what) {
        return index(bytes, what).manifests();
    }

    /** Writes an image layout's {@code index.json} for these entries. */
    public static byte[] layoutIndex(List<Descriptor> entries) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = root.putArray("manifests");
        for (Descriptor d : entries) {
            manifests.add(descriptor(d));
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (d.platform() != null) {
            ObjectNode p = node.putObject("platform");
            p.put("architecture", d.platform().architecture());
            p.put("os", d.platform().os());
            if (!d.platform().variant().isEmpty()) {
                p.put("variant", d.platform().variant());
            }
        }
        if (!d.annotations().isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            d.annotations().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> a.put(e.getKey(), e.getValue()));
        }
        return node;
    }

    /**
     * What an image manifest holds when it is an OCI 1.1 artifact, not a container image: its
     * {@code artifactType}, else its config's media type when that is not an image
     * configuration's; null for an image.
     */
    public static String artifactType(byte[] manifest, String what) {
        JsonNode node = tree(manifest, what);
        String declared = text(node, "artifactType");
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        String config = text(node.path("config"), "mediaType");
        if (config != null && !config.equals(MediaTypes.OCI_CONFIG) && !config.equals(MediaTypes.DOCKER_CONFIG)) {
            return config;
        }
        return null;
    }

    /**
     * The entries of an index that declare an {@code artifactType} (OCI 1.1: an artifact, not an
     * image, e.g. a SOCI index or a signature), by digest. The index is read as
     * {@link #index} reads it; what that refuses, this leaves to it.
     */
    public static java.util.Set<io.stowage.api.Digest> artifactEntries(byte[] index, String what) {
        java.util.Set<io.stowage.api.Digest> artifacts = new java.util.HashSet<>();
        try {
            JsonNode manifests = MAPPER.readTree(index).get("manifests");
            if (manifests != null && manifests.isArray()) {
                for (JsonNode m : manifests) {
                    JsonNode type = m.get("artifactType");
                    JsonNode digest = m.get("digest");
                    if (type != null && type.isTextual() && !type.asText().isEmpty() && digest != null && digest.isTextual()) {
                        artifacts.add(io.stowage.api.Digest.parse(digest.asText()));
                    }
                }
            }
        } catch (IOException | StowageException e) {
            // index() says what is wrong with it
        }
        return artifacts;
    }

    /**
     * The entries of a referrers list (an OCI index, as the Referrers API answers and the
     * {@code sha256-<hex>} tag holds it), each a valid descriptor with its {@code artifactType};
     * more than {@code max} entries is an error, as is anything that is not such an index.
     */
    public static List<io.stowage.api.Referrer> referrers(byte[] bytes, int max, String what) {
        JsonNode node = tree(bytes, what);
        requireSchemaVersion2(node, what);
        JsonNode manifests = node.get("manifests");
        if (manifests == null || !manifests.isArray()) {
            throw new StowageException(Reason.INVALID, what + ": index has no manifests array");
        }
        if (manifests.size() > max) {
            throw new StowageException(Reason.INVALID, what + ": more than " + max + " referrers");
        }
        List<io.stowage.api.Referrer> referrers = new ArrayList<>();
        for (JsonNode m : manifests) {
            Descriptor d = descriptor(m, what + ": manifest");
            JsonNode type = m.get("artifactType");
            if (type != null && !type.isNull() && !type.isTextual()) {
                throw new StowageException(Reason.INVALID, what + ": manifest " + d.digest() + ": artifactType is not a string");
            }
            referrers.add(new io.stowage.api.Referrer(d, type == null || type.isNull() ? "" : type.asText()));
        }
        return referrers;
    }

    public static Descriptor descriptor(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new StowageException(Reason.INVALID, what + ": descriptor is not an object");
        }
        String digestText = text(node, "digest");
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (StowageException e) {
            throw e.within(what);
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new StowageException(Reason.INVALID, what + " " + digest + ": invalid size");
        }
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (p != null && p.isObject()) {
            platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
        }
        return new Descriptor(text(node, "mediaType"), digest, size.asLong(), platform, stringMap(node.get("annotations")));
    }

    /** Reads an image configuration (OCI image-spec config.md; Docker's is the same shape). */
    public static ImageConfig config(byte[] bytes, String what) {
        JsonNode node = tree(bytes, what);
        JsonNode rootfs = node.path("rootfs");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : rootfs.path("diff_ids")) {
            try {
                diffIds.add(Digest.parse(id.asText()));
            } catch (StowageException e) {
                throw e.within(what + ": rootfs.diff_ids");
            }
        }
        JsonNode c = node.path("config");
        ContainerConfig run = new ContainerConfig(text(c, "User"), keys(c.get("ExposedPorts")), strings(c.get("Env")),
                strings(c.get("Entrypoint")), strings(c.get("Cmd")), keys(c.get("Volumes")), text(c, "WorkingDir"),
                stringMap(c.get("Labels")), text(c, "StopSignal"));
        List<History> history = new ArrayList<>();
        for (JsonNode h : node.path("history")) {
            if (h.isObject()) {
                history.add(new History(text(h, "created"), text(h, "created_by"), text(h, "comment"),
                        h.path("empty_layer").asBoolean(false)));
            }
        }
        return new ImageConfig(text(node, "created"), text(node, "author"), text(node, "architecture"),
                text(node, "os"), text(node, "variant"), run, diffIds, history);
    }

    private static void requireSchemaVersion2(JsonNode node, String what) {
        int version = node.path("schemaVersion").asInt(-1);
        if (version == 1) {
            throw new StowageException(Reason.UNSUPPORTED, what
                    + ": Docker schema1 manifests are not supported; push the image again with a current client");
        }
        if (version != 2) {
            throw new StowageException(Reason.INVALID, what + ": schemaVersion must be 2");
        }
    }

    private static List<Descriptor> descriptors(JsonNode array, String what) {
        if (array == null || !array.isArray()) {
            throw new StowageException(Reason.INVALID, what + ": index has no manifests array");
        }
        List<Descriptor> list = new ArrayList<>();
        for (JsonNode m : array) {
            list.add(descriptor(m, what + ": manifest"));
        }
        return list;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The texts of a JSON array's entries; null when it is missing or not an array. */
    public static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }

    private static List<String> keys(JsonNode object) {
        if (object == null || !object.isObject()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        object.fieldNames().forEachRemaining(list::add);
        return list;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        if (object == null || !object.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }
}
