package io.stowage.snapshots.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.api.StowageException;
import io.stowage.oci.OciJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mount} as {@code docker create} takes it, and what it refuses with Docker's wording. */
class MountOptionTest {
    @TempDir
    Path host;

    private static String json(String text) {
        var mounts = OciJson.object().putArray("m");
        MountOption.parse(text).addTo(mounts);
        return mounts.get(0).toString();
    }

    @Test
    void bindAndTmpfsMountsBecomeRuntimeMounts() {
        assertEquals("{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"" + host + "\",\"options\":[\"rbind\",\"rprivate\"]}",
                json("type=bind,source=" + host + ",target=/data"));
        assertEquals("{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"" + host + "\",\"options\":[\"rbind\",\"rprivate\",\"ro\"]}",
                json("src=" + host + ",dst=/data,readonly"));
        assertEquals("{\"destination\":\"/cache\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"nodev\",\"mode=1777\"]}",
                json("type=tmpfs,destination=/cache"));
    }

    @Test
    void whatCannotBeMountedIsRefusedNamingTheFlag() {
        for (String bad : new String[] {"type=volume,source=x,target=/x", "type=bind,source=relative,target=/x",
            "type=bind,source=" + "/no/such/dir,target=/x", "type=tmpfs,target=relative", "type=tmpfs,target=/a/../../etc",
            "type=tmpfs,source=/tmp,target=/x", "type=bind,source=/tmp,target=/x,propagation=shared", "type=bind,source=/tmp"}) {
            StowageException e = assertThrows(StowageException.class, () -> MountOption.parse(bad), bad);
            assertEquals(StowageException.Reason.INVALID, e.reason());
            assertEquals(true, e.getMessage().startsWith("invalid argument \"" + bad + "\" for \"--mount\" flag: "), e.getMessage());
        }
    }
}
