package io.stowage.transport.archive.internal;

import io.stowage.api.transport.ImageSource;
import io.stowage.transport.tests.ImageSourceContract;
import io.stowage.transport.tests.TestImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The ImageSource contract, run against each source of this bundle: an OCI layout, an oci-archive, a docker-archive. */
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

    /** {@code name} under the test directory, written by {@code writer} the first time it is asked for; as a location of the test image. */
    private static synchronized String location(String name, Writer writer) throws IOException {
        Path target = DIR.resolve(name);
        if (!Files.exists(target)) {
            writer.write(target);
        }
        return target + ":" + TestImage.NAME;
    }

    @Nested
    class OciLayout extends ImageSourceContract {
        @Override
        protected ImageSource open() throws IOException {
            return new OciTransport().open(location("layout", IMAGE::writeLayout));
        }
    }

    @Nested
    class OciArchive extends ImageSourceContract {
        @Override
        protected ImageSource open() throws IOException {
            return new OciArchiveTransport().open(location("oci.tar", t -> IMAGE.writeArchive(t, false)));
        }
    }

    @Nested
    class DockerArchive extends ImageSourceContract {
        @Override
        protected ImageSource open() throws IOException {
            return new DockerArchiveTransport().open(location("docker.tar", t -> IMAGE.writeArchive(t, true)));
        }
    }
}
