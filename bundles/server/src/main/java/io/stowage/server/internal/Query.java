package io.stowage.server.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parameter of the request's query string alone. The servlet API's {@code getParameter} would
 * read a form-encoded body too, and so swallow the bytes of an upload sent with that content type.
 */
final class Query {
    private Query() {
    }

    /** The first value of {@code name} in the query string, decoded; null when absent or not decodable. */
    static String param(HttpServletRequest req, String name) {
        String query = req.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return null;
                }
            }
        }
        return null;
    }
}
