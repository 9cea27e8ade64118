package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:rm} in Karaf. */
@Service
@Command(scope = "container", name = "rm", description = "Remove one or more containers")
public final class ContainerRm extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Argument(multiValued = true, description = "container names or IDs")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.rm(given(args));
        return null;
    }
}
