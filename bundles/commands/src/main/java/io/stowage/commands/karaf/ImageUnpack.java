package io.stowage.commands.karaf;

import io.stowage.commands.internal.UnpackCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:unpack} in Karaf. */
@Service
@Command(scope = "image", name = "unpack", description = "Unpack an image's root filesystem into a new directory (DIRECTORY/rootfs), layer by layer")
public final class ImageUnpack extends StowageAction {
    @Reference
    UnpackCommands commands;

    @Argument(multiValued = true, description = "IMAGE DIRECTORY: an image, by name or ID, and a directory that is new or empty")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.unpack(given(args));
        return null;
    }
}
