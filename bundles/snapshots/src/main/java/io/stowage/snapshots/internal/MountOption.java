package io.stowage.snapshots.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --mount} as {@code docker create} takes it: comma-separated {@code key=value}s,
 * {@code type=bind} (the default) with {@code source} (or {@code src}), an absolute path that
 * exists, or {@code type=tmpfs}; {@code target} (or {@code dst}, {@code destination}), an
 * absolute path in the container; {@code readonly} (or {@code ro}, optionally {@code =true|false}).
 */
record MountOption(String type, String source, String target, boolean readonly) {

    static MountOption parse(String text) {
        String type = "bind";
        String source = null;
        String target = null;
        boolean readonly = false;
        for (String field : text.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).trim();
            String value = eq < 0 ? null : field.substring(eq + 1);
            switch (key) {
                case "type" -> type = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> readonly = value == null || value.equals("true") || value.equals("1");
                default -> throw invalid(text, "unexpected key '" + key + "'");
            }
        }
        if (!"bind".equals(type) && !"tmpfs".equals(type)) {
            throw invalid(text, "type '" + type + "' is not one Stowage mounts (bind, tmpfs)");
        }
        if (target == null || !target.startsWith("/") || List.of(target.split("/")).contains("..")) {
            throw invalid(text, "target must be an absolute path in the container");
        }
        if (type.equals("bind")) {
            if (source == null || !source.startsWith("/")) {
                throw invalid(text, "source must be an absolute path");
            }
            if (!Files.exists(Path.of(source))) {
                throw invalid(text, "bind source path does not exist: " + source);
            }
        } else if (source != null) {
            throw invalid(text, "source is not allowed for tmpfs mounts");
        }
        return new MountOption(type, source, target, readonly);
    }

    private static StowageException invalid(String text, String why) {
        return new StowageException(Reason.INVALID, "invalid argument \"" + TerminalText.escape(text) + "\" for \"--mount\" flag: "
                + TerminalText.escape(why));
    }

    /** This mount in an OCI runtime configuration's {@code mounts}. */
    void addTo(ArrayNode mounts) {
        ObjectNode m = mounts.addObject().put("destination", target);
        List<String> options = new ArrayList<>();
        if (type.equals("bind")) {
            m.put("type", "bind").put("source", source);
            options.addAll(List.of("rbind", "rprivate"));
        } else {
            m.put("type", "tmpfs").put("source", "tmpfs");
            options.addAll(List.of("nosuid", "nodev", "mode=1777"));
        }
        if (readonly) {
            options.add("ro");
        }
        ArrayNode o = m.putArray("options");
        options.forEach(o::add);
    }
}
