package io.stowage.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registry accounts, as {@code docker login} and {@code docker logout} keep them: a login is
 * checked against the registry before it is stored, and stored only in Stowage's own credentials
 * file (mode 0600). Passwords are never printed or logged.
 *
 * @since 0.2
 */
@ProviderType
public interface RegistryService {

    /**
     * Checks {@code username} and {@code password} against the registry {@code host} (as
     * references name it: {@code docker.io}, {@code registry.lan:5000}), then stores them.
     *
     * @throws StowageException UNAUTHORIZED when the registry refuses them; nothing is stored then
     */
    void login(String host, String username, String password);

    /** Forgets the stored login for {@code host}; false when there was none. */
    boolean logout(String host);
}
