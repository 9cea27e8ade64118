package io.stowage.oci;

import java.util.Collection;

/**
 * The command a mistyped one was probably meant to be, for {@code did you mean …?}: the name
 * (or its part after the scope's colon) fewest edits away, when those are few enough — at most
 * two, or a quarter of what was typed.
 */
public final class NearNames {
    private NearNames() {
    }

    /** The name of {@code names} nearest to {@code typed}, or null when none is near. */
    public static String closest(String typed, Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int d = Math.min(distance(typed, name), distance(typed, name.substring(name.indexOf(':') + 1)));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, typed.length() / 4) ? best : null;
    }

    /** Levenshtein distance: the edits that turn one name into the other. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
