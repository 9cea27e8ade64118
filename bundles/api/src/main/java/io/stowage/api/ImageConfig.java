package io.stowage.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What Stowage reads from an image's configuration blob (OCI image-spec config.md): creation
 * time as written, author, platform, run configuration, the layers' diff_ids and the history
 * (since 0.2).
 */
public record ImageConfig(String created, String author, String architecture, String os, String variant,
        ContainerConfig config, List<Digest> diffIds, List<History> history) {

    public ImageConfig {
        config = config == null ? ContainerConfig.EMPTY : config;
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** Without history. */
    public ImageConfig(String created, String author, String architecture, String os, String variant,
            ContainerConfig config, List<Digest> diffIds) {
        this(created, author, architecture, os, variant, config, diffIds, List.of());
    }

    /** The creation time, or {@code null} when the config has none or it is not RFC 3339. */
    public Instant createdAt() {
        return instant(created);
    }

    /** An RFC 3339 time, or {@code null} when there is none or it is not one. */
    static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
