package io.stowage.store.fs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsStoreHealthTest {
    @TempDir
    Path dir;

    @Test
    void aWritableStoreWithSpaceIsOkAndLeavesNoProbe() throws Exception {
        Result r = new FsStoreHealth(dir, 0, 0).execute();
        assertEquals(Result.Status.OK, r.getStatus(), r.toString());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the probe file was deleted");
        }
    }

    @Test
    void aStoreThatCannotBeWrittenIsCritical() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the store should be");
        Result r = new FsStoreHealth(notADirectory, 0, 0).execute();
        assertEquals(Result.Status.CRITICAL, r.getStatus());
        ResultLog.Entry first = r.iterator().next();
        assertTrue(first.getMessage().startsWith(notADirectory + " cannot be written: "), first.getMessage());
    }

    @Test
    void theThresholdsDecideBetweenOkWarnAndCritical() throws Exception {
        java.nio.file.FileStore fs = Files.getFileStore(dir);
        int percent = (int) (fs.getUsableSpace() * 100 / fs.getTotalSpace());
        assertEquals(Result.Status.OK, new FsStoreHealth(dir, percent, percent).execute().getStatus(), "at the threshold");
        Result warn = new FsStoreHealth(dir, percent + 1, percent).execute();
        assertEquals(Result.Status.WARN, warn.getStatus());
        assertTrue(warn.toString().contains("GB free of"), warn.toString());
        assertEquals(Result.Status.CRITICAL, new FsStoreHealth(dir, percent + 1, percent + 1).execute().getStatus());
    }
}
