package io.stowage.api;

import java.time.Instant;
import java.util.List;

/**
 * A created container, as {@code docker create} makes one: a record that holds an image; no
 * process runs.
 *
 * @param id 64 hex digits
 * @param image the image argument as the user gave it
 * @param imageId the config digest of the image it holds
 * @param command the image's entrypoint and cmd, joined
 */
public record Container(String id, String name, String image, Digest imageId, Instant created, List<String> command) {
    public Container {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
