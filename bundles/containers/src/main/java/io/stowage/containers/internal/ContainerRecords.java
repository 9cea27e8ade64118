package io.stowage.containers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.Container;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.AtomicFiles;
import io.stowage.oci.FileLocks;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The containers file, {@code <data>/containers.json}: read whole, replaced atomically. */
final class ContainerRecords {
    private final Path file;

    ContainerRecords(Path file) {
        this.file = file;
    }

    /** The records of this runtime: {@code containers.json} in the configured directory, else the framework property {@code stowage.data}'s. */
    static ContainerRecords in(BundleContext context, ContainersConfig config) {
        return new ContainerRecords(io.stowage.oci.DataDirectory.of(context, config == null ? null : config.data()).resolve("containers.json"));
    }

    /** The directory of container {@code id}'s bundle, log and writable layer: {@code containers/<id>} beside the records. */
    Path directory(String id) {
        return file.resolveSibling("containers").resolve(id);
    }

    List<Container> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "containers file " + file + ": " + e.getMessage(), e);
        }
        List<Container> all = new ArrayList<>();
        for (JsonNode c : OciJson.tree(bytes, "containers file " + file).path("containers")) {
            List<String> command = OciJson.strings(c.get("command"));
            all.add(new Container(c.path("id").asText(), c.path("name").asText(), c.path("image").asText(),
                    Digest.parse(c.path("imageId").asText()), Instant.parse(c.path("created").asText()), command));
        }
        return all;
    }

    /**
     * Replaces the records with {@code change.apply(current)}, holding {@code containers.lock}
     * across threads and processes, and returns what {@code change} produced.
     */
    List<Container> update(java.util.function.UnaryOperator<List<Container>> change) {
        try {
            Files.createDirectories(file.getParent());
            return FileLocks.withLock(file.resolveSibling("containers.lock"), () -> {
                List<Container> next = change.apply(read());
                write(next);
                return next;
            });
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "containers file " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<Container> containers) {
        ObjectNode root = OciJson.object();
        ArrayNode list = root.putArray("containers");
        for (Container c : containers) {
            ObjectNode n = list.addObject();
            n.put("id", c.id());
            n.put("name", c.name());
            n.put("image", c.image());
            n.put("imageId", c.imageId().toString());
            n.put("created", c.created().toString());
            c.command().forEach(n.putArray("command")::add);
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, OciJson.bytes(root));
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "containers file " + file + ": " + e.getMessage(), e);
        }
    }
}
