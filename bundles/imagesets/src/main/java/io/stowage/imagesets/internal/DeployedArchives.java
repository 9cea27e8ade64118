package io.stowage.imagesets.internal;

import io.stowage.api.ImageService;
import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.TransferListener;
import io.stowage.oci.Log;
import java.io.File;
import java.util.List;
import java.util.Locale;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Image archives dropped into {@code deploy/}: FileInstall hands each {@code .tar} (a
 * {@code docker save} or an OCI archive, as {@code image:load} reads them) to this installer,
 * which loads it as {@code image:load} would, verified under the trust policy's scope for the
 * file's directory; a file replaced is loaded again, one removed leaves its images. A file that
 * does not load is logged once and left alone until it changes (a copy still under way fails so
 * and loads when it is whole: move files in). A one-shot command never loads: the running
 * instance does.
 */
@Component(service = ArtifactInstaller.class)
public final class DeployedArchives implements ArtifactInstaller {
    private final Log log = new Log(DeployedArchives.class);
    private final ImageService images;
    private final boolean running;

    @Activate
    public DeployedArchives(BundleContext context, @Reference ImageService images) {
        this(images, !"command".equals(context.getProperty("stowage.mode")));
    }

    DeployedArchives(ImageService images, boolean running) {
        this.images = images;
        this.running = running;
    }

    @Override
    public boolean canHandle(File file) {
        String name = file.getName().toLowerCase(Locale.ROOT);
        return running && !name.startsWith(".") && (name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz"));
    }

    @Override
    public void install(File file) {
        load(file, "loaded");
    }

    @Override
    public void update(File file) {
        load(file, "loaded again");
    }

    @Override
    public void uninstall(File file) {
        log.info("deploy: {} removed; its images stay until removed or pruned", file.getName());
    }

    /** Loads {@code file}; what fails is logged, never thrown, so FileInstall does not try it again until it changes. */
    void load(File file, String done) {
        try {
            List<PullResult> loaded = images.load(file.getPath(), TransferListener.NONE);
            List<String> names = loaded.stream().map(r -> r.reference() != null ? r.reference().toString()
                    : r.image() != null ? r.image().id().toString() : String.valueOf(r.digest())).toList();
            log.info("deploy: {} {}: {}", file.getName(), done, String.join(", ", names));
        } catch (StowageException e) {
            log.error("deploy: {} not loaded: {}", file.getName(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("deploy: {} not loaded: {}", file.getName(), String.valueOf(e));
        }
    }
}
