package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:inspect} in Karaf. */
@Service
@Command(scope = "image", name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspect extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-f", aliases = "--format", description = "Go template, e.g. {{.Id}}, {{.Config.Cmd}}, {{json .RootFS}}")
    String format;

    @Argument(multiValued = true, description = "image references or IDs")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.inspect(or(format), given(args));
        return null;
    }
}
