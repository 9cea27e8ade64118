package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:save} in Karaf. */
@Service
@Command(scope = "image", name = "save", description = "Save one or more images to a tar archive (docker save's format with an OCI layout inside), "
        + "or to standard output")
public final class ImageSave extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "-o", aliases = "--output", description = "the file to write (default: standard output, unless it is a terminal)")
    String output;

    @Argument(multiValued = true, description = "images, by name or ID")
    @Completion(StoredImages.class)
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.save(or(output), given(args));
        return null;
    }
}
