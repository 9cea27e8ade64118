package io.stowage.commands.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.ContainerConfig;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageConfig;
import java.util.List;
import java.util.Map;

/** {@code docker image inspect}'s JSON: Docker's field names, order and four-space indent. */
final class InspectJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(terminalSafe()).build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"));

    private InspectJson() {
    }

    static String render(List<Image> images) {
        ArrayNode array = MAPPER.createArrayNode();
        images.forEach(i -> array.add(image(i)));
        return pretty(array);
    }

    /** Any tree with Docker's four-space indent. */
    static String pretty(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of JSON, escaped as {@link #pretty} escapes. */
    static String compact(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JSON whose strings escape, besides what JSON requires, every character that acts on a
     * terminal ({@link io.stowage.api.TerminalText#acts}: DEL, C1, bidi overrides) as {@code \\uNNNN}.
     */
    private static com.fasterxml.jackson.core.JsonFactory terminalSafe() {
        com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
        f.setCharacterEscapes(new com.fasterxml.jackson.core.io.CharacterEscapes() {
            private static final long serialVersionUID = 1L;
            private final int[] ascii = escapes();

            private static int[] escapes() {
                int[] codes = standardAsciiEscapesForJSON();
                codes[0x7f] = ESCAPE_STANDARD;
                return codes;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return ascii;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return io.stowage.api.TerminalText.acts(ch)
                        ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
            }
        });
        return f;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode image(Image image) {
        ImageConfig c = image.config();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Id", image.id().toString());
        ArrayNode tags = n.putArray("RepoTags");
        image.repoTags().forEach(t -> tags.add(t.familiar()));
        ArrayNode digests = n.putArray("RepoDigests");
        image.repoDigests().forEach(d -> digests.add(d.familiar()));
        n.put("Parent", "");
        n.put("Comment", "");
        n.put("Created", c.created() == null ? "" : c.created());
        n.put("DockerVersion", "");
        n.put("Author", c.author() == null ? "" : c.author());
        n.set("Config", config(c.config()));
        n.put("Architecture", c.architecture());
        if (c.variant() != null && !c.variant().isEmpty()) {
            n.put("Variant", c.variant());
        }
        n.put("Os", c.os());
        n.put("Size", image.size());
        ObjectNode rootfs = n.putObject("RootFS");
        rootfs.put("Type", "layers");
        ArrayNode layers = rootfs.putArray("Layers");
        c.diffIds().stream().map(Digest::toString).forEach(layers::add);
        ObjectNode metadata = n.putObject("Metadata");
        metadata.put("LastTagTime", image.lastTagTime() == null ? "0001-01-01T00:00:00Z" : image.lastTagTime().toString());
        if (image.signature() != null) { // Stowage's: what verified its signature when the trust policy required one
            metadata.put("Signature", image.signature());
        }
        return n;
    }

    private static ObjectNode config(ContainerConfig c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Hostname", "");
        n.put("Domainname", "");
        n.put("User", c.user() == null ? "" : c.user());
        n.put("AttachStdin", false);
        n.put("AttachStdout", false);
        n.put("AttachStderr", false);
        if (c.exposedPorts() != null) {
            ObjectNode ports = n.putObject("ExposedPorts");
            c.exposedPorts().forEach(p -> ports.putObject(p));
        }
        n.put("Tty", false);
        n.put("OpenStdin", false);
        n.put("StdinOnce", false);
        strings(n, "Env", c.env());
        strings(n, "Cmd", c.cmd());
        n.put("Image", "");
        if (c.volumes() == null) {
            n.putNull("Volumes");
        } else {
            ObjectNode volumes = n.putObject("Volumes");
            c.volumes().forEach(v -> volumes.putObject(v));
        }
        n.put("WorkingDir", c.workingDir() == null ? "" : c.workingDir());
        strings(n, "Entrypoint", c.entrypoint());
        n.putNull("OnBuild");
        if (c.labels() == null) {
            n.putNull("Labels");
        } else {
            ObjectNode labels = n.putObject("Labels");
            for (Map.Entry<String, String> e : c.labels().entrySet()) {
                labels.put(e.getKey(), e.getValue());
            }
        }
        if (c.stopSignal() != null) {
            n.put("StopSignal", c.stopSignal());
        }
        return n;
    }

    private static void strings(ObjectNode n, String field, List<String> values) {
        if (values == null) {
            n.putNull(field);
        } else {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }
}
