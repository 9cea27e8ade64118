package io.stowage.commands.internal;

import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSets;
import io.stowage.api.StowageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code imageset:ls}: the image sets the configuration declares, and where each of their images stands. */
@Component(service = ImageSetCommands.class, property = {"stowage.command.scope=imageset", "stowage.command.function=ls"})
public final class ImageSetCommands {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ImageSets sets;

    @Descriptor("List the image sets (etc/io.stowage.imageset-<name>.cfg) and the state of each of their images")
    public void ls(String... args) {
        if (Help.shown(ImageSetCommands.class, "imageset:ls", args)) {
            return;
        }
        try {
            Arguments.exactly("imageset:ls", 0, args);
            ImageSets s = sets;
            if (s == null) {
                throw new StowageException(StowageException.Reason.UNAVAILABLE, "no image sets: the stowage-imagesets bundle is not running");
            }
            Table table = new Table("SET", "IMAGE", "STATE", "DIGEST", "DETAIL");
            Instant now = Instant.now();
            for (ImageSetEntry e : s.entries()) {
                table.row(e.set(), e.reference(), e.state().name().toLowerCase(Locale.ROOT), e.digest() == null ? "" : e.digest().toString(),
                        detail(e, now));
            }
            System.out.print(table);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    /** Progress, or why it failed and when it is tried again. */
    static String detail(ImageSetEntry e, Instant now) {
        if (e.state() == ImageSetEntry.State.FAILED && e.nextTry() != null) {
            Duration in = Duration.between(now, e.nextTry());
            return e.detail() + "; next try " + (in.isNegative() || in.isZero() ? "now" : "in " + Human.duration(in));
        }
        return e.detail();
    }
}
