package io.github.apimoauth.emulator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The emulator's persistent state: signing keys, TLS material, identity headers and secrets. Every write goes to a
 * temporary file first and is then moved into place, so a crash never leaves a half-written file behind.
 */
@Component
public class DataDirectory {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    public DataDirectory(EmulatorProperties properties) {
        this.root = properties.getDataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot create the emulator data directory " + root, ex);
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    public Optional<String> read(String name) {
        Path file = resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
    }

    /** Writes a file readable by its owner only: these files hold private keys and secret values. */
    public void writePrivate(String name, String content) {
        write(name, content, true);
    }

    /** Writes a file others may read, such as the TLS certificate clients must trust. */
    public void writePublic(String name, String content) {
        write(name, content, false);
    }

    private synchronized void write(String name, String content, boolean ownerOnly) {
        Path target = resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"));
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write " + target, ex);
        }
    }
}
