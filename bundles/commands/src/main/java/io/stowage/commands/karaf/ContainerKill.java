package io.stowage.commands.karaf;

import io.stowage.commands.internal.ContainerCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code container:kill} in Karaf. */
@Service
@Command(scope = "container", name = "kill", description = "Kill one or more running containers")
public final class ContainerKill extends StowageAction {
    @Reference
    ContainerCommands commands;

    @Option(name = "-s", aliases = "--signal", description = "signal to send to the container (default KILL)")
    String signal;

    @Argument(multiValued = true, description = "container names or IDs")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.kill(signal == null ? "KILL" : signal, given(args));
        return null;
    }
}
