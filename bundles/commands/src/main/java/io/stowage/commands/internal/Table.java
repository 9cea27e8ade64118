package io.stowage.commands.internal;

import io.stowage.api.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns aligned as Docker's tabwriter aligns them (min width 10, padding 3): each cell padded
 * to its column's width, the last column not padded.
 */
final class Table {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    /** A row; each cell is shown as {@link TerminalText#escape} makes it safe, so no value from outside acts on the terminal. */
    Table row(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = TerminalText.escape(cells[i]);
        }
        rows.add(safe);
        return this;
    }

    @Override
    public String toString() {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns - 1; i++) {
                width[i] = Math.max(width[i], Math.max(MIN_WIDTH, r[i].length() + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - r[i].length()));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
