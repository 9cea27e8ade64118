package io.stowage.commands.karaf;

import io.stowage.commands.internal.HealthCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code stowage:health} in Karaf. */
@Service
@Command(scope = "stowage", name = "health", description = "Show Stowage's health: the store writable and its free space, the last pull from each registry")
public final class StowageHealth extends StowageAction {
    @Reference
    HealthCommands commands;

    @Override
    public Object execute() throws Exception {
        commands.health();
        return null;
    }
}
