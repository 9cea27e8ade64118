package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:prune} in Karaf. */
@Service
@Command(scope = "image", name = "prune", description = "Remove unused images")
public final class ImagePrune extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-a", aliases = "--all", description = "remove all images no container uses, not only dangling ones")
    boolean all;

    @Option(name = "-f", aliases = "--force", description = "do not prompt for confirmation")
    boolean force;

    @Option(name = "--filter", description = "until=<duration>, e.g. until=24h: only images created before then")
    String filter;

    @Override
    public Object execute() throws Exception {
        commands.prune(gogo(), all, force, or(filter));
        return null;
    }
}
