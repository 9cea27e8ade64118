package io.stowage.commands.karaf;

import io.stowage.commands.internal.StoreCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code store:verify} in Karaf. */
@Service
@Command(scope = "store", name = "verify", description = "Re-hash every blob, check every image is whole, list orphans; fails while the store is damaged")
public final class StoreVerify extends StowageAction {
    @Reference
    StoreCommands commands;

    @Option(name = "--repair", description = "quarantine corrupt blobs and delete orphans")
    boolean repair;

    @Override
    public Object execute() throws Exception {
        commands.verify(repair);
        return null;
    }
}
