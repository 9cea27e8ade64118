package io.stowage.snapshots.internal;

import io.stowage.api.ImageEvents;
import io.stowage.api.SnapshotService;
import io.stowage.api.StowageException;
import io.stowage.oci.Log;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Deletes the snapshots of removed images: on each removal (and untagging, which a forced or
 * pruning removal is) the snapshots no stored image has any more go, on a thread of its own so
 * that Event Admin's handler stays quick; a prune already waiting covers the removals after it.
 * Stopping waits for a prune under way, so a one-shot {@code image:rm} has deleted the snapshots
 * when its framework has stopped. Nothing at start: every framework that removes images has this
 * handler, and a one-shot command need not list the images to start.
 * Exists only while an Event Admin does: its reference keeps Declarative Services from loading the
 * class (which needs Event Admin's package) before there is one.
 */
@Component(service = EventHandler.class, immediate = true, property = {
    EventConstants.EVENT_TOPIC + "=" + ImageEvents.REMOVED,
    EventConstants.EVENT_TOPIC + "=" + ImageEvents.UNTAGGED})
public final class PruneOnRemoval implements EventHandler {
    private final Log log = new Log(PruneOnRemoval.class);
    private final SnapshotService snapshots;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "stowage-snapshot-prune"));
    private final AtomicBoolean waiting = new AtomicBoolean();

    @Activate
    public PruneOnRemoval(@Reference SnapshotService snapshots, @Reference org.osgi.service.event.EventAdmin admin) {
        this.snapshots = snapshots;
    }

    @Override
    public void handleEvent(Event event) {
        schedule();
    }

    /** A prune, unless one is waiting. */
    private void schedule() {
        if (waiting.compareAndSet(false, true)) {
            worker.execute(() -> {
                waiting.set(false);
                try {
                    snapshots.prune();
                } catch (StowageException e) {
                    log.warn("snapshots were not pruned: {}", e.getMessage());
                }
            });
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
            log.warn("a prune of snapshots still runs after 60 s; stopping without it");
        }
    }
}
