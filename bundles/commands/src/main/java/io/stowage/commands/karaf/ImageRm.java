package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:rm} in Karaf. */
@Service
@Command(scope = "image", name = "rm", description = "Remove one or more images")
public final class ImageRm extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-f", aliases = "--force", description = "untag even when the image is in use or in several repositories")
    boolean force;

    @Option(name = "--no-prune", description = "keep the image's blobs (a later image:prune deletes them)")
    boolean noPrune;

    @Argument(multiValued = true, description = "image references or IDs")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.rm(force, noPrune, given(args));
        return null;
    }
}
