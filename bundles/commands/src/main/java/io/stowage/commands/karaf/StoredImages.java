package io.stowage.commands.karaf;

import io.stowage.api.ImageService;
import io.stowage.commands.internal.ShellCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of an image argument: the stored images' names and short IDs. */
@Service
public final class StoredImages implements Completer {
    @Reference
    ImageService images;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(ShellCommands.storedImages(images)).complete(session, line, candidates);
    }
}
