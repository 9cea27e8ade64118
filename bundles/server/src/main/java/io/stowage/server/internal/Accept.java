package io.stowage.server.internal;

import java.util.Enumeration;

/** Whether a request's {@code Accept} headers take a manifest's media type: no header, the type itself, {@code * / *} or its family. */
final class Accept {
    private Accept() {
    }

    static boolean allows(Enumeration<String> headers, String type) {
        if (headers == null || !headers.hasMoreElements()) {
            return true;
        }
        boolean any = false;
        while (headers.hasMoreElements()) {
            for (String entry : headers.nextElement().split(",")) {
                String t = entry.split(";")[0].trim();
                if (t.isEmpty()) {
                    continue;
                }
                any = true;
                if (t.equals(type) || t.equals("*/*") || t.equals("application/*")) {
                    return true;
                }
            }
        }
        return !any;
    }
}
