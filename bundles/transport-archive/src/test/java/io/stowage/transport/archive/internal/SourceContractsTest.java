package io.stowage.transport.archive.internal;

import io.stowage.api.transport.ForwardingImageSource;
import io.stowage.api.transport.ForwardingTransport;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import io.stowage.transport.tests.ImageSourceContract;
import io.stowage.transport.tests.TestImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The ImageSource contract, run against each source of this bundle (an OCI layout, an
 * oci-archive, a docker-archive, each also opened whole as an archive) and against a wrapper that
 * overrides nothing but what it must, through the API's forwarding bases.
 */
class SourceContractsTest {
    private static final Path DIR = temp();

    private static Path temp() {
        try {
            return Files.createTempDirectory("stowage-contract-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writer {
        void write(Path target) throws IOException;
    }

    /** {@code name} under the test directory, written by {@code writer} the first time it is asked for. */
    private static synchronized Path written(String name, Writer writer) throws IOException {
        Path target = DIR.resolve(name);
        if (!Files.exists(target)) {
            writer.write(target);
        }
        return target;
    }

    /** One transport's location of the test image, and the whole file or directory as an archive. */
    private abstract static class Of extends ImageSourceContract {
        private final Transport transport;
        private final String kind;

        Of(Transport transport, String kind) {
            this.transport = transport;
            this.kind = kind;
        }

        abstract Path file() throws IOException;

        @Override
        protected ImageSource open() throws IOException {
            return transport.open(new Location(kind, file() + ":" + TestImage.NAME));
        }

        @Override
        protected ImageArchive openArchive() throws IOException {
            return transport.openArchive(new Location(kind, file().toString()));
        }
    }

    @Nested
    class OciLayout extends Of {
        OciLayout() {
            super(new OciTransport(), "oci");
        }

        @Override
        Path file() throws IOException {
            return written("layout", IMAGE::writeLayout);
        }
    }

    @Nested
    class OciArchive extends Of {
        OciArchive() {
            super(new OciArchiveTransport(), "oci-archive");
        }

        @Override
        Path file() throws IOException {
            return written("oci.tar", t -> IMAGE.writeArchive(t, false));
        }
    }

    @Nested
    class DockerArchive extends Of {
        DockerArchive() {
            super(new DockerArchiveTransport(), "docker-archive");
        }

        @Override
        Path file() throws IOException {
            return written("docker.tar", t -> IMAGE.writeArchive(t, true));
        }
    }

    /** A wrapper as an extension author writes one: it changes how a source is opened, and forwards the rest. */
    @Nested
    class Forwarded extends Of {
        Forwarded() {
            super(new ForwardingTransport(new DockerArchiveTransport()) {
                @Override
                public ImageSource open(Location location) {
                    return new ForwardingImageSource(super.open(location)) {
                    };
                }
            }, "docker-archive");
        }

        @Override
        Path file() throws IOException {
            return written("docker.tar", t -> IMAGE.writeArchive(t, true));
        }
    }
}
