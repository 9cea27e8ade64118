package io.stowage.server.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Users and their bcrypt password hashes from an htpasswd file ({@code htpasswd -B}, as Docker's
 * registry takes it): re-read when the file changes; a line that is not {@code user:$2y$…}
 * refuses the whole file, naming the line. bcrypt is slow on purpose, so a password once
 * checked is remembered for {@value #REMEMBER_SECONDS} seconds (by a hash of it, in memory).
 */
final class Htpasswd {
    static final int REMEMBER_SECONDS = 300;
    private static final int REMEMBERED_MAX = 1000;

    private final Path file;
    private FileTime read;
    private Map<String, String> users = Map.of();
    private final Map<String, Long> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_MAX;
        }
    };

    /** Reads {@code file} now, so a server with a broken one does not start. */
    Htpasswd(Path file) {
        this.file = file;
        reload();
    }

    /** Whether {@code user} has {@code password}. The bcrypt check runs outside the lock: one login does not wait for another's. */
    boolean check(String user, String password) {
        String hash;
        String key;
        long now = System.nanoTime();
        synchronized (this) {
            try {
                reload();
            } catch (StowageException e) {
                return false; // a file broken while running refuses everyone until it is mended
            }
            hash = users.get(user);
            if (hash == null) {
                return false;
            }
            key = user + '\0' + sha256(hash + '\0' + password);
            Long until = remembered.get(key);
            if (until != null && until - now > 0) {
                return true;
            }
        }
        boolean ok;
        try {
            ok = OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (RuntimeException malformed) {
            ok = false;
        }
        if (ok) {
            synchronized (this) {
                if (hash.equals(users.get(user))) { // not a password the file changed under the check
                    remembered.put(key, now + REMEMBER_SECONDS * 1_000_000_000L);
                }
            }
        }
        return ok;
    }

    private void reload() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(read)) {
                return;
            }
            Map<String, String> next = new HashMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String hash = colon < 0 ? "" : line.substring(colon + 1);
                if (colon <= 0 || !hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    throw new StowageException(Reason.INVALID, "auth.htpasswd " + file + ": line " + (i + 1)
                            + " is not user:<bcrypt hash> (make it with htpasswd -B)");
                }
                next.put(line.substring(0, colon), hash);
            }
            users = next;
            remembered.clear();
            read = modified;
        } catch (IOException e) {
            throw new StowageException(Reason.INVALID, "auth.htpasswd " + file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
