package io.stowage.commands.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.LayerStatus;
import io.stowage.api.TransferListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pull's progress as Docker shows it. On a terminal: one line per layer, redrawn in place
 * ({@code Waiting}, {@code Downloading [=====>    ] 12.3MB/45.6MB}, {@code Verifying Checksum},
 * {@code Download complete}, {@code Pull complete}). Elsewhere (a pipe, a log): one plain line per
 * layer when it is settled, no control characters.
 */
final class PullDisplay implements TransferListener {
    private static final int BAR = 50;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean live;
    private final Map<Digest, String> lines = new LinkedHashMap<>();
    private int drawn;
    private long lastDraw;

    PullDisplay(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** The session variable of an attached client's terminals: bit 0 its input, 1 its output, 2 its error. */
    static final String TERMINALS = "stowage.terminals";

    /** Live when the command's output is a terminal. */
    static boolean onTerminal() {
        return onTerminal(1);
    }

    /**
     * Whether the command's standard stream {@code fd} (0 in, 1 out) is a terminal: the process
     * has one, and inside the shell the command's stream is the session's own, not a pipe or a
     * file it was given ({@code image:pull app | grep …}, {@code > file}).
     */
    static boolean onTerminal(int fd) {
        // a client attached to a running instance says which of its streams are terminals
        org.apache.felix.service.command.Job job = org.apache.felix.service.command.Job.Utils.current();
        Object attached = job == null ? null : job.session().get(TERMINALS);
        if (attached instanceof Integer mask ? (mask & (1 << fd)) == 0 : System.console() == null) {
            return false;
        }
        org.apache.felix.service.command.Process current = org.apache.felix.service.command.Process.Utils.current();
        return current == null || current.isTty(fd);
    }

    @Override
    public synchronized void pulling(ImageReference ref) {
        lines.clear();
        drawn = 0;
        out.println(ref.tagOrDigest() + ": Pulling from " + ref.repository());
        out.flush();
    }

    @Override
    public synchronized void layer(Descriptor layer, LayerStatus status) {
        if (!live) {
            if (status == LayerStatus.ALREADY_EXISTS || status == LayerStatus.PULL_COMPLETE) {
                out.println(layer.digest().shortHex() + ": " + status.text());
                out.flush();
            }
            return;
        }
        lines.put(layer.digest(), status.text());
        draw(true);
    }

    @Override
    public synchronized void progress(Descriptor layer, long received) {
        if (live) {
            lines.put(layer.digest(), "Downloading " + bar(received, layer.size()));
            draw(received >= layer.size());
        }
    }

    /** Docker's bar: {@code [=====>     ]  12.3MB/45.6MB}, fifty wide. */
    static String bar(long received, long total) {
        int filled = total <= 0 ? BAR : (int) Math.min(BAR, received * BAR / total);
        return "[" + "=".repeat(filled) + ">" + " ".repeat(BAR - filled) + "]  " + Human.size(received) + "/" + Human.size(total);
    }

    private void draw(boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = t;
        StringBuilder b = new StringBuilder();
        if (drawn > 0) {
            b.append("\u001b[").append(drawn).append('A'); // back to the first layer line
        }
        for (Map.Entry<Digest, String> e : lines.entrySet()) {
            b.append("\u001b[2K").append(e.getKey().shortHex()).append(": ").append(e.getValue()).append('\n');
        }
        drawn = lines.size();
        out.print(b);
        out.flush();
    }
}
