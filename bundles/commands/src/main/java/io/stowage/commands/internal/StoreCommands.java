package io.stowage.commands.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageService;
import io.stowage.api.StoreReport;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code store:verify}: the store checked blob by blob and image by image. */
@Component(service = StoreCommands.class, property = {"stowage.command.scope=store", "stowage.command.function=verify"})
public final class StoreCommands {
    private final ImageService images;

    @Activate
    public StoreCommands(@Reference ImageService images) {
        this.images = images;
    }

    @Descriptor("Re-hash every blob, check every image is whole, list orphans; fails while the store is damaged")
    public void verify(
            @Descriptor("quarantine corrupt blobs and delete orphans")
            @Parameter(names = "--repair", presentValue = "true", absentValue = "false") boolean repair,
            String... args) {
        if (Help.shown(StoreCommands.class, "store:verify", args)) {
            return;
        }
        try {
            Arguments.exactly("store:verify", 0, args);
            StoreReport r = images.verify(repair);
            if (r.restoredRefs() != null) {
                System.out.println("restored: index.json from its last good copy (the damaged one is index.json.malformed)");
                r.restoredRefs().forEach(n -> System.out.println("lost: " + io.stowage.api.TerminalText.escape(n)
                        + " (named after the last good copy; pull it again)"));
            }
            for (Digest d : r.corrupt()) {
                System.out.println("corrupt: " + d + (repair ? " (quarantined)" : ""));
            }
            for (io.stowage.api.store.BlobInfo p : images.partialDownloads()) {
                System.out.println("partial: " + p.digest() + " (" + Human.size(p.size()) + " kept to resume a pull; image:prune drops it)");
            }
            for (Digest d : r.orphans()) {
                System.out.println("orphan: " + d + (!repair ? "" : r.restoredRefs() == null ? " (deleted)" : " (kept: index.json was restored)"));
            }
            r.incomplete().forEach(i -> System.out.println("incomplete: " + io.stowage.api.TerminalText.escape(String.valueOf(i))));
            System.out.println("Checked " + r.checked() + " blobs: " + r.corrupt().size() + " corrupt, " + r.orphans().size()
                    + " orphaned, " + r.incomplete().size() + " incomplete images");
            if (r.problems()) {
                throw new StowageException(Reason.INVALID, r.incomplete().isEmpty()
                        ? "the store has corrupt blobs; run store:verify --repair"
                        : r.incomplete().size() + " image(s) incomplete; pull them again, or remove them");
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }
}
