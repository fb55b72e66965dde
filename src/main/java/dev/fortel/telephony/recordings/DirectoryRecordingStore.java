package dev.fortel.telephony.recordings;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * Recordings as files under one directory ({@code fortel.telephony.recordings.directory}, by default
 * {@code <data-dir>/recordings}), one folder per company. A file appears under its name only when complete (written
 * as {@code .partial}, then moved), so a reader never sees half an upload, and a crash leaves only a {@code .partial}.
 */
final class DirectoryRecordingStore implements RecordingStore {

    private static final Pattern KEY = Pattern.compile("[0-9a-f-]{36}/[0-9a-f-]{36}\\.rec");

    private final Path root;

    DirectoryRecordingStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        restrict(this.root);
    }

    @Override
    public Upload create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        restrict(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Upload() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.close();
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target);
                }
                committed = true;
            }

            @Override
            public void close() throws IOException {
                out.close();
                if (!committed) {
                    Files.deleteIfExists(partial);
                }
            }
        };
    }

    @Override
    public SeekableByteChannel open(String key) throws IOException {
        return Files.newByteChannel(resolve(key), StandardOpenOption.READ);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    /** The file of a key; a key of another shape (which the server never makes) is refused before touching the disk. */
    private Path resolve(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a recording key: " + key);
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("not a recording key: " + key);
        }
        return p;
    }

    /** Owner-only folders where the file system has POSIX permissions: the files are ciphertext, but still nobody else's. */
    private static void restrict(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own ACL applies.
        }
    }
}
