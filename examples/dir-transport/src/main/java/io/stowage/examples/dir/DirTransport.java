package io.stowage.examples.dir;

import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ForwardingImageSource;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code dir:<directory>:<name>}: the image of that name in whichever {@code docker save} tarball there holds it. */
@Component(property = Transport.KIND + "=dir")
public final class DirTransport implements Transport {
    @Reference(target = "(" + Transport.KIND + "=docker-archive)")
    private Transport archives;

    @Override
    public ImageSource open(Location location) {
        String name = location.ref().orElseThrow(
                () -> new StowageException(Reason.INVALID, location + ": name the image, dir:<directory>:<name>"));
        String wanted = ImageReference.parse(name).toString();
        for (Path tar : tarballs(location.path())) {
            ImageArchive archive = archives.openArchive(new Location("docker-archive", tar.toString()));
            try {
                for (ImageSource image : archive.images()) {
                    if (image.names().stream().map(n -> ImageReference.parse(n).toString()).anyMatch(wanted::equals)) {
                        return new ForwardingImageSource(image) {
                            @Override
                            public void close() {
                                archive.close(); // closes the image too
                            }
                        };
                    }
                }
            } catch (RuntimeException e) {
                archive.close();
                throw e;
            }
            archive.close();
        }
        throw new StowageException(Reason.NOT_FOUND, location + ": no tarball there holds " + wanted);
    }

    private static List<Path> tarballs(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tar")).sorted().toList();
        } catch (IOException e) {
            throw new StowageException(Reason.NOT_FOUND, "dir:" + directory + ": " + e.getMessage());
        }
    }
}
