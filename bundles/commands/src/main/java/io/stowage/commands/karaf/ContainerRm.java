package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:rm} in Karaf. */
@Service
@Command(scope = "container", name = "rm", description = "Remove one or more containers")
public final class ContainerRm extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "-f", aliases = "--force", description = "force the removal of a running container (kills it)")
    boolean force;

    @Argument(multiValued = true, description = "container names or IDs")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.rm(force, given(args));
        return null;
    }
}
