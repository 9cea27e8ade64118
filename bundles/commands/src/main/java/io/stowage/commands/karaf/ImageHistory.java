package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:history} in Karaf. */
@Service
@Command(scope = "image", name = "history", description = "Show the history of an image")
public final class ImageHistory extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "--no-trunc", description = "do not truncate output")
    boolean noTrunc;

    @Option(name = "-q", aliases = "--quiet", description = "only image IDs")
    boolean quiet;

    @Argument(multiValued = true, description = "image reference or ID")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.history(noTrunc, quiet, given(args));
        return null;
    }
}
