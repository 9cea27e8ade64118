package io.stowage.server.internal;

/** One HTTP byte range of a blob ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}), as registries serve them. */
final class Ranges {
    /** A range that lies outside the blob or that is not one range. */
    static final long[] UNSATISFIABLE = new long[0];

    private Ranges() {
    }

    /** The first and last byte asked for, null for the whole blob (no header), or {@link #UNSATISFIABLE}. */
    static long[] parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return UNSATISFIABLE;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return UNSATISFIABLE;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long first;
            long last;
            if (a.isEmpty()) { // the last b bytes
                long n = Long.parseLong(b);
                if (n <= 0) {
                    return UNSATISFIABLE;
                }
                first = Math.max(0, size - n);
                last = size - 1;
            } else {
                first = Long.parseLong(a);
                last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            return first < 0 || first >= size || last < first ? UNSATISFIABLE : new long[] {first, last};
        } catch (NumberFormatException e) {
            return UNSATISFIABLE;
        }
    }
}
