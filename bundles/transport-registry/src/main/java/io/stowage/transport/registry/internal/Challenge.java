package io.stowage.transport.registry.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"}.
 */
record Challenge(String scheme, Map<String, String> params) {

    static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) {
                        i++;
                    }
                    value.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            params.put(key, value.toString().trim());
        }
        return new Challenge(scheme, params);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }
}
