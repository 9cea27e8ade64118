package io.stowage.oneshot.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Gogo commands registered now, by {@code scope:function}, with each one's one-line
 * description: what {@code bin/stowage --help} lists, and how a typed name is resolved (a scoped
 * name as it is; a bare name only when one scope has it; a near miss answered with a suggestion).
 */
final class Commands {
    /** The scopes Stowage's own commands live in, listed by {@code --help} in this order. */
    static final List<String> STOWAGE_SCOPES = List.of("image", "artifact", "container", "registry", "store", "stowage");

    /** Whether {@code scoped} ({@code scope:function}) is in one of Stowage's own scopes. */
    static boolean isStowage(String scoped) {
        int colon = scoped.indexOf(':');
        return colon > 0 && STOWAGE_SCOPES.contains(scoped.substring(0, colon));
    }

    /** {@code scope:function} → description (empty when the command has none). */
    private final Map<String, String> described;

    Commands(Map<String, String> described) {
        this.described = new TreeMap<>(described);
    }

    /** The name to run for what was typed; a one-line error when there is none, or several. */
    String resolve(String typed) {
        if (typed.contains(":")) {
            if (described.containsKey(typed)) {
                return typed;
            }
            throw unknown(typed);
        }
        List<String> scoped = described.keySet().stream().filter(n -> n.endsWith(":" + typed)).toList();
        if (scoped.size() == 1) {
            return scoped.get(0);
        }
        if (scoped.size() > 1) {
            throw new IllegalArgumentException("command \"" + typed + "\" is in several scopes: " + String.join(", ", scoped)
                    + "; give one of them");
        }
        throw unknown(typed);
    }

    private IllegalArgumentException unknown(String typed) {
        String near = io.stowage.oci.NearNames.closest(typed, described.keySet());
        return new IllegalArgumentException("unknown command \"" + typed + "\"" + (near != null ? "; did you mean " + near + "?" : "")
                + " (bin/stowage --help lists the commands)");
    }

    /** The Stowage commands grouped by scope, one line each: {@code   pull      Pull an image …}. */
    String help() {
        StringBuilder b = new StringBuilder("Usage: bin/stowage <command> [args…]   (bin/stowage <command> --help for its options)\n");
        for (String scope : STOWAGE_SCOPES) {
            Map<String, String> mine = new TreeMap<>();
            described.forEach((name, text) -> {
                if (name.startsWith(scope + ":")) {
                    mine.put(name, text);
                }
            });
            if (mine.isEmpty()) {
                continue;
            }
            int width = mine.keySet().stream().mapToInt(String::length).max().orElse(0) + 3;
            b.append('\n').append(scope).append(" commands:\n");
            mine.forEach((name, text) -> b.append("  ").append(name).append(" ".repeat(width - name.length())).append(text)
                    .append('\n'));
        }
        return b.toString();
    }

    /** The first line of a command's description. */
    static String firstLine(String description) {
        if (description == null) {
            return "";
        }
        int nl = description.indexOf('\n');
        return (nl < 0 ? description : description.substring(0, nl)).trim();
    }
}
