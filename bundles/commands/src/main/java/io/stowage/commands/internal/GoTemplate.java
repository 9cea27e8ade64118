package io.stowage.commands.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of Go's text/template that Docker's {@code --format} is written with: text, field
 * paths ({@code {{.Config.Cmd}}}, {@code {{.}}}, {@code {{$v.Name}}}), string and number
 * literals, parentheses ({@code {{(index $c 0).HostPort}}}), pipes ({@code {{.Name | upper}}}),
 * {@code {{range .X}}…{{end}}} and {@code {{range $k, $v := .X}}}, {@code {{if …}}…{{else}}…{{end}}},
 * and Docker's functions {@code json}, {@code index}, {@code join}, {@code split}, {@code upper},
 * {@code lower}, {@code title}, {@code len} and {@code println}. Values print as Go prints them
 * ({@code [a b]}, {@code map[k:v]}, {@code <no value>}). Anything else is refused with the
 * action named. What an action prints is escaped for the terminal; the template's own text is
 * the user's. Templates are bounded: {@value #MAX_LENGTH} characters, ranges nested
 * {@value #MAX_DEPTH} deep.
 */
final class GoTemplate {
    static final int MAX_LENGTH = 10_000;
    static final int MAX_DEPTH = 16;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Object> nodes; // String (text) or Action or Block

    private record Action(String pipeline) {
    }

    /** {@code range} or {@code if}: its pipeline, body, else branch, and for range the variables it declares. */
    private record Block(String kind, String pipeline, List<String> variables, List<Object> body, List<Object> otherwise) {
    }

    private GoTemplate(List<Object> nodes) {
        this.nodes = nodes;
    }

    /** Parses {@code template}; an error names what is wrong. */
    static GoTemplate parse(String template) {
        if (template.length() > MAX_LENGTH) {
            throw invalid("longer than " + MAX_LENGTH + " characters");
        }
        List<String[]> tokens = new ArrayList<>(); // {"text", s} or {"action", s}
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                tokens.add(new String[] {"text", template.substring(at)});
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw invalid("unclosed action: " + template.substring(open));
            }
            tokens.add(new String[] {"text", template.substring(at, open)});
            tokens.add(new String[] {"action", template.substring(open + 2, close).trim()});
            at = close + 2;
        }
        int[] position = {0};
        List<Object> nodes = parseList(tokens, position, 0);
        if (position[0] < tokens.size()) {
            throw invalid("unexpected {{" + tokens.get(position[0])[1] + "}}");
        }
        return new GoTemplate(nodes);
    }

    /** Nodes up to an {@code end} or {@code else} (left for the caller) or the end of the template. */
    private static List<Object> parseList(List<String[]> tokens, int[] position, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid("blocks nested deeper than " + MAX_DEPTH);
        }
        List<Object> nodes = new ArrayList<>();
        while (position[0] < tokens.size()) {
            String[] t = tokens.get(position[0]);
            if (t[0].equals("text")) {
                nodes.add(t[1]);
                position[0]++;
                continue;
            }
            String action = t[1];
            if (action.equals("end") || action.equals("else")) {
                return nodes;
            }
            position[0]++;
            String word = action.split("\\s+", 2)[0];
            if (word.equals("range") || word.equals("if")) {
                String rest = action.substring(word.length()).trim();
                List<String> variables = new ArrayList<>();
                int declare = rest.indexOf(":=");
                if (declare >= 0) {
                    for (String v : rest.substring(0, declare).split(",")) {
                        if (!v.trim().matches("\\$[A-Za-z_][A-Za-z0-9_]*")) {
                            throw invalid("not a variable: " + v.trim() + " in {{" + action + "}}");
                        }
                        variables.add(v.trim());
                    }
                    rest = rest.substring(declare + 2).trim();
                }
                List<Object> body = parseList(tokens, position, depth + 1);
                List<Object> otherwise = List.of();
                if (position[0] < tokens.size() && tokens.get(position[0])[1].equals("else")) {
                    position[0]++;
                    otherwise = parseList(tokens, position, depth + 1);
                }
                if (position[0] >= tokens.size() || !tokens.get(position[0])[1].equals("end")) {
                    throw invalid("{{" + action + "}} has no {{end}}");
                }
                position[0]++;
                nodes.add(new Block(word, rest, variables, body, otherwise));
            } else if (action.startsWith("/*")) {
                continue; // a comment
            } else {
                nodes.add(new Action(action));
            }
        }
        return nodes;
    }

    /** Renders the template with {@code data} as {@code .} and {@code $}. */
    String render(JsonNode data) {
        StringBuilder out = new StringBuilder();
        Map<String, JsonNode> variables = new HashMap<>();
        variables.put("$", data);
        write(nodes, data, variables, out);
        return out.toString();
    }

    /** Parses and renders in one step. */
    static String render(String template, JsonNode data) {
        return parse(template).render(data);
    }

    private static void write(List<Object> nodes, JsonNode dot, Map<String, JsonNode> variables, StringBuilder out) {
        for (Object n : nodes) {
            if (n instanceof String text) {
                out.append(text);
            } else if (n instanceof Action a) {
                out.append(TerminalText.escape(print(new Evaluator(a.pipeline(), dot, variables).pipeline())));
            } else if (n instanceof Block b) {
                JsonNode value = new Evaluator(b.pipeline(), dot, variables).pipeline();
                if (b.kind().equals("if")) {
                    write(truth(value) ? b.body() : b.otherwise(), dot, variables, out);
                } else {
                    range(b, value, variables, out, dot);
                }
            }
        }
    }

    private static void range(Block b, JsonNode value, Map<String, JsonNode> variables, StringBuilder out, JsonNode dot) {
        if (!truth(value)) {
            write(b.otherwise(), dot, variables, out);
            return;
        }
        if (!value.isArray() && !value.isObject()) {
            throw invalid("range can't iterate over " + print(value));
        }
        List<String> keys = new ArrayList<>();
        if (value.isObject()) {
            value.fieldNames().forEachRemaining(keys::add);
            keys.sort(null); // Go ranges over a map in key order
        }
        int size = value.isArray() ? value.size() : keys.size();
        for (int i = 0; i < size; i++) {
            JsonNode key = value.isArray() ? NODES.numberNode(i) : NODES.textNode(keys.get(i));
            JsonNode element = value.isArray() ? value.get(i) : value.get(keys.get(i));
            Map<String, JsonNode> scope = new HashMap<>(variables);
            if (b.variables().size() == 1) {
                scope.put(b.variables().get(0), element);
            } else if (b.variables().size() == 2) {
                scope.put(b.variables().get(0), key);
                scope.put(b.variables().get(1), element);
            }
            write(b.body(), element, scope, out);
        }
    }

    private static boolean truth(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return v.size() > 0;
    }

    /** One action's pipeline over its words: {@code cmd args… | cmd args…}. */
    private static final class Evaluator {
        private final String text;
        private final JsonNode dot;
        private final Map<String, JsonNode> variables;
        private int at;

        Evaluator(String text, JsonNode dot, Map<String, JsonNode> variables) {
            this.text = text;
            this.dot = dot;
            this.variables = variables;
        }

        JsonNode pipeline() {
            JsonNode value = command(null);
            while (skipSpaces() && peek() == '|') {
                at++;
                value = command(value);
            }
            if (skipSpaces()) {
                throw invalid("unexpected \"" + text.substring(at) + "\" in {{" + text + "}}");
            }
            return value;
        }

        /** A command: a function with arguments, or a single operand; {@code piped} is a last argument. */
        private JsonNode command(JsonNode piped) {
            skipSpaces();
            List<JsonNode> args = new ArrayList<>();
            String function = null;
            if (at < text.length() && Character.isLetter(peek())) {
                int start = at;
                while (at < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                    at++;
                }
                function = text.substring(start, at);
            }
            while (skipSpaces() && peek() != '|' && peek() != ')') {
                args.add(operand());
            }
            if (piped != null) {
                args.add(piped);
            }
            if (function == null) {
                if (args.size() != 1) {
                    throw invalid("can't give argument to non-function in {{" + text + "}}");
                }
                return args.get(0);
            }
            return call(function, args);
        }

        private JsonNode operand() {
            char c = peek();
            JsonNode value;
            if (c == '(') {
                at++;
                value = command(null);
                while (skipSpaces() && peek() == '|') {
                    at++;
                    value = command(value);
                }
                if (!skipSpaces() || peek() != ')') {
                    throw invalid("unclosed ( in {{" + text + "}}");
                }
                at++;
                value = fields(value);
            } else if (c == '"') {
                int end = at + 1;
                StringBuilder s = new StringBuilder();
                while (end < text.length() && text.charAt(end) != '"') {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                        char e = text.charAt(end);
                        s.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else {
                        s.append(text.charAt(end));
                    }
                    end++;
                }
                if (end >= text.length()) {
                    throw invalid("unterminated string in {{" + text + "}}");
                }
                at = end + 1;
                value = NODES.textNode(s.toString());
            } else if (c == '-' || Character.isDigit(c)) {
                int start = at++;
                while (at < text.length() && Character.isDigit(peek())) {
                    at++;
                }
                value = NODES.numberNode(Long.parseLong(text.substring(start, at)));
            } else if (c == '.') {
                value = fields(dot);
            } else if (c == '$') {
                int start = at++;
                while (at < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                    at++;
                }
                String name = text.substring(start, at);
                if (!variables.containsKey(name)) {
                    throw invalid("undefined variable \"" + name + "\"");
                }
                value = fields(variables.get(name));
            } else if (Character.isLetter(c)) {
                throw invalid("function " + text.substring(at).split("[\\s|)]", 2)[0] + " used as an argument in {{" + text
                        + "}}; put it in parentheses");
            } else {
                throw invalid("unexpected \"" + c + "\" in {{" + text + "}}");
            }
            return value;
        }

        /** {@code .A.B} after a value: its fields, {@code <no value>} (null) when absent. */
        private JsonNode fields(JsonNode from) {
            JsonNode node = from;
            boolean any = false;
            while (at < text.length() && peek() == '.') {
                at++;
                int start = at;
                while (at < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                    at++;
                }
                if (start == at) {
                    if (any) {
                        throw invalid("a field name is missing in {{" + text + "}}");
                    }
                    return node; // "." alone
                }
                any = true;
                node = node == null || !node.isObject() ? null : node.get(text.substring(start, at));
            }
            return node;
        }

        private JsonNode call(String function, List<JsonNode> args) {
            switch (function) {
                case "json":
                    arity(function, args, 1);
                    return NODES.textNode(args.get(0) == null ? "null" : InspectJson.compact(args.get(0)));
                case "index": {
                    if (args.isEmpty()) {
                        throw invalid("index needs an argument");
                    }
                    JsonNode v = args.get(0);
                    for (JsonNode key : args.subList(1, args.size())) {
                        v = v == null ? null : key.isNumber() ? v.get(key.intValue()) : v.get(key.asText());
                    }
                    return v;
                }
                case "join": {
                    arity(function, args, 2);
                    List<String> items = new ArrayList<>();
                    if (args.get(0) != null) {
                        args.get(0).forEach(i -> items.add(print(i)));
                    }
                    return NODES.textNode(String.join(print(args.get(1)), items));
                }
                case "split": {
                    arity(function, args, 2);
                    var array = NODES.arrayNode();
                    for (String s : print(args.get(0)).split(java.util.regex.Pattern.quote(print(args.get(1))), -1)) {
                        array.add(s);
                    }
                    return array;
                }
                case "upper":
                    arity(function, args, 1);
                    return NODES.textNode(print(args.get(0)).toUpperCase(Locale.ROOT));
                case "lower":
                    arity(function, args, 1);
                    return NODES.textNode(print(args.get(0)).toLowerCase(Locale.ROOT));
                case "title": {
                    arity(function, args, 1);
                    String s = print(args.get(0));
                    return NODES.textNode(s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1));
                }
                case "len":
                    arity(function, args, 1);
                    JsonNode v = args.get(0);
                    return NODES.numberNode(v == null ? 0 : v.isTextual() ? v.textValue().length() : v.size());
                case "println": {
                    List<String> items = new ArrayList<>();
                    args.forEach(a -> items.add(print(a)));
                    return NODES.textNode(String.join(" ", items) + "\n");
                }
                default:
                    throw invalid("function \"" + function + "\" not defined (json, index, join, split, upper, lower, title, "
                            + "len and println are)");
            }
        }

        private static void arity(String function, List<JsonNode> args, int n) {
            if (args.size() != n) {
                throw invalid("wrong number of args for " + function + ": want " + n + " got " + args.size());
            }
        }

        private char peek() {
            return text.charAt(at);
        }

        /** Skips spaces; whether anything is left. */
        private boolean skipSpaces() {
            while (at < text.length() && Character.isWhitespace(peek())) {
                at++;
            }
            return at < text.length();
        }
    }

    /** A value as Go's fmt prints it. */
    static String print(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "<no value>";
        }
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(print(i)));
            return "[" + String.join(" ", items) + "]";
        }
        if (v.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            v.fields().forEachRemaining(e -> sorted.put(e.getKey(), print(e.getValue())));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, val) -> items.add(k + ":" + val));
            return "map[" + String.join(" ", items) + "]";
        }
        return v.asText();
    }

    private static StowageException invalid(String why) {
        return new StowageException(Reason.INVALID, "template: " + why);
    }
}
