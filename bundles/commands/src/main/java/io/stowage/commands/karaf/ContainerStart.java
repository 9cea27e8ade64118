package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:start} in Karaf. */
@Service
@Command(scope = "container", name = "start", description = "Start one or more created or stopped containers")
public final class ContainerStart extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Argument(multiValued = true, description = "container names or IDs")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.start(given(args));
        return null;
    }
}
