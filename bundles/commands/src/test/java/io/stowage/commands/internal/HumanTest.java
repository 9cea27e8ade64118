package io.stowage.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what go-units (Docker's formatter) prints for the same input. */
class HumanTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0B",
        "999, 999B",
        "1000, 1kB",
        "1024, 1.02kB",
        "5540000, 5.54MB",
        "7800000, 7.8MB",
        "1080000, 1.08MB",
        "117000000, 117MB",
        "116999999, 117MB",
        "999999, 1e+03kB",
        "1234567890, 1.23GB",
        "1000000000000, 1TB",
    })
    void sizesAsDockerPrintsThem(long bytes, String expected) {
        assertEquals(expected, Human.size(bytes));
    }

    @ParameterizedTest
    @CsvSource({
        "0, Less than a second",
        "1, 1 second",
        "59, 59 seconds",
        "60, About a minute",
        "119, About a minute",
        "2820, 47 minutes",
        "3600, About an hour",
        "5400, 2 hours",
        "129600, 36 hours",
        "172800, 2 days",
        "1209600, 2 weeks",
        "5184000, 2 months",
        "63072000, 2 years",
    })
    void durationsAsDockerPrintsThem(long seconds, String expected) {
        assertEquals(expected, Human.duration(Duration.ofSeconds(seconds)));
    }

    @Test
    void tableAlignsLikeDockersTabwriter() {
        String table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE")
                .row("alpine", "latest", "9c6f07244728", "2 weeks ago", "5.54MB").toString();
        assertEquals("REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
                + "alpine       latest    9c6f07244728   2 weeks ago   5.54MB\n", table);
    }

    @Test
    void goDurationsAsDockerFiltersTakeThem() {
        assertEquals(java.time.Duration.ofHours(24), io.stowage.oci.Durations.parse("24h"));
        assertEquals(java.time.Duration.ofMinutes(90), io.stowage.oci.Durations.parse("1h30m"));
        assertEquals(java.time.Duration.ofMillis(1500), io.stowage.oci.Durations.parse("1.5s"));
        assertEquals(java.time.Duration.ofMillis(500), io.stowage.oci.Durations.parse("500ms"));
        org.junit.jupiter.api.Assertions.assertThrows(io.stowage.api.StowageException.class, () -> io.stowage.oci.Durations.parse("1d"));
        org.junit.jupiter.api.Assertions.assertThrows(io.stowage.api.StowageException.class, () -> io.stowage.oci.Durations.parse("24hx"));
    }
}
