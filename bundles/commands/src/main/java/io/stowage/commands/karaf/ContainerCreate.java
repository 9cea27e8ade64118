package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:create} in Karaf. */
@Service
@Command(scope = "container", name = "create", description = "Create a new container from an image; prints its ID")
public final class ContainerCreate extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "--name", description = "name for the container")
    String name;

    @Argument(multiValued = true, description = "image reference or ID")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.create(or(name), given(args));
        return null;
    }
}
