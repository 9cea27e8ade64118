package io.stowage.commands.internal;

import io.stowage.api.History;
import io.stowage.api.Image;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker image history}: the config's history, newest first, {@code IMAGE CREATED
 * CREATED BY SIZE COMMENT}; a step that made a layer shows that layer's uncompressed size, an
 * empty one {@code 0B}. As for any pulled image, only the top step has an image ID; the others
 * are {@code <missing>}.
 */
final class HistoryTable {
    private static final int CREATED_BY_WIDTH = 45;

    private HistoryTable() {
    }

    static String render(Image image, List<Long> layerSizes, boolean noTrunc, boolean quiet) {
        List<History> steps = image.config().history();
        List<String[]> rows = new ArrayList<>();
        Instant now = Instant.now();
        int layer = 0;
        for (History h : steps) {
            long size = 0;
            if (!h.emptyLayer()) {
                size = layer < layerSizes.size() ? layerSizes.get(layer) : 0;
                layer++;
            }
            rows.add(new String[] {Human.since(h.createdAt(), now), createdBy(h.createdBy(), noTrunc), Human.size(size),
                    h.comment() == null ? "" : h.comment()});
        }
        java.util.Collections.reverse(rows);
        String id = noTrunc ? image.id().toString() : image.id().shortHex();
        if (quiet) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < rows.size(); i++) {
                b.append(i == 0 ? id : "<missing>").append('\n');
            }
            return b.toString();
        }
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            table.row(i == 0 ? id : "<missing>", r[0], r[1], r[2], r[3]);
        }
        return table.toString();
    }

    private static String createdBy(String text, boolean noTrunc) {
        String t = text == null ? "" : text.replace("\t", " ").replace("\n", " ");
        if (noTrunc || t.length() <= CREATED_BY_WIDTH) {
            return t;
        }
        return t.substring(0, CREATED_BY_WIDTH - 1) + "…";
    }
}
