package io.stowage.commands.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.TerminalText;
import io.stowage.api.StowageException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The part of Go's text/template that {@code docker inspect --format} is mostly used with: text,
 * field paths ({@code {{.Config.Cmd}}}, {@code {{.}}}) printed as Go prints values ({@code [a b]},
 * {@code map[k:v]}, {@code <no value>}), and {@code {{json .Path}}}. Anything else is refused.
 * What an action prints is escaped for the terminal; the template's own text is the user's.
 */
final class GoTemplate {
    private GoTemplate() {
    }

    static String render(String template, JsonNode data) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                out.append(template, at, template.length());
                return out.toString();
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new StowageException(Reason.INVALID, "template: unclosed action: " + template.substring(open));
            }
            out.append(template, at, open);
            out.append(TerminalText.escape(action(template.substring(open + 2, close).trim(), data)));
            at = close + 2;
        }
    }

    private static String action(String action, JsonNode data) {
        if (action.startsWith("json ")) {
            JsonNode v = path(action.substring(5).trim(), data);
            return v == null ? "null" : InspectJson.compact(v);
        }
        if (action.startsWith(".")) {
            JsonNode v = path(action, data);
            return v == null ? "<no value>" : go(v);
        }
        throw new StowageException(Reason.INVALID, "template: unsupported action {{" + action + "}}"
                + " (field paths like {{.Config.Cmd}} and {{json .RootFS}} are supported)");
    }

    private static JsonNode path(String path, JsonNode data) {
        if (!path.startsWith(".")) {
            throw new StowageException(Reason.INVALID, "template: not a field path: " + path);
        }
        JsonNode node = data;
        for (String field : path.substring(1).split("\\.")) {
            if (field.isEmpty()) {
                continue;
            }
            node = node == null ? null : node.get(field);
        }
        return node == null || node.isMissingNode() ? null : node;
    }

    /** A value as Go's fmt prints it. */
    private static String go(JsonNode v) {
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(go(i)));
            return "[" + String.join(" ", items) + "]";
        }
        if (v.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            v.fields().forEachRemaining(e -> sorted.put(e.getKey(), go(e.getValue())));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, val) -> items.add(k + ":" + val));
            return "map[" + String.join(" ", items) + "]";
        }
        return v.asText();
    }
}
