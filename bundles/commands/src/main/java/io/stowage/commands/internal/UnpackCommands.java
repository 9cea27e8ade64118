package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import io.stowage.api.UnpackService;
import java.nio.file.Path;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code image:unpack}: an image's root filesystem in a directory of the user's, as {@code umoci unpack} writes it. */
@Component(service = UnpackCommands.class, property = {
    "stowage.command.scope=image",
    "stowage.command.function=unpack"})
public final class UnpackCommands {
    private final UnpackService unpacker;

    @Activate
    public UnpackCommands(@Reference UnpackService unpacker) {
        this.unpacker = unpacker;
    }

    @Descriptor("Unpack an image's root filesystem into a new directory (DIRECTORY/rootfs), layer by layer")
    public void unpack(@Descriptor("IMAGE DIRECTORY: an image, by name or ID, and a directory that is new or empty") String... args) {
        if (Help.shown(UnpackCommands.class, "image:unpack", args)) {
            return;
        }
        try {
            String[] given = Arguments.exactly("image:unpack", 2, args);
            Path rootfs = unpacker.unpack(given[0], Arguments.file(given[1]));
            System.out.println(rootfs);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }
}
