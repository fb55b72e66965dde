package dev.fortel.platform.secrets;

import dev.fortel.platform.FortelProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the one {@link SecretBox} from the configured master key or, on the embedded default only, from a key
 * file generated once in the data directory.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    SecretBox secretBox(MasterKeyProperties keys, FortelProperties fortel, Environment environment) {
        byte[] current;
        if (keys.masterKey() != null) {
            current = keys.current();
        } else if (environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")) {
            current = MasterKeyFile.loadOrCreate(fortel.dataDir().resolve("keys").resolve("master.key"));
        } else {
            // A key generated beside an external database would end up in the same backups as the data it protects,
            // and every node would make its own.
            throw new IllegalStateException(MasterKeyProperties.KEY + " is not set. With an external database the master key for "
                    + "secrets at rest must come from the configuration: " + MasterKeyProperties.HOW
                    + ", kept outside the database and its backups, the same on every node.");
        }
        SecretBox box = new SecretBox(current, keys.previous());
        Arrays.fill(current, (byte) 0);
        log.info("Secrets at rest are sealed under master key {}", box.keyId());
        return box;
    }

    /** The embedded default's key: 32 random bytes, base64, in an owner-only file created once. */
    static final class MasterKeyFile {

        private static final SecureRandom RANDOM = new SecureRandom();
        private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

        private MasterKeyFile() {}

        static byte[] loadOrCreate(Path file) {
            try {
                if (!Files.exists(file)) {
                    create(file);
                }
                warnIfShared(file);
                String content = Files.readString(file, StandardCharsets.US_ASCII).strip();
                return MasterKeyProperties.decode(content, "the master key file " + file.toAbsolutePath());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read or create the master key file " + file.toAbsolutePath() + ": " + e.getMessage()
                        + ". Make the data directory writable, or set " + MasterKeyProperties.KEY, e);
            }
        }

        private static void create(Path file) throws IOException {
            Path dir = file.getParent();
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            byte[] encoded = Base64.getEncoder().encode(key);
            Arrays.fill(key, (byte) 0);
            FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
            try {
                // CREATE_NEW: two servers starting at once on the same directory cannot overwrite each other's key.
                Files.write(Files.createFile(file, attributes), encoded, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException raced) {
                return;
            } finally {
                Arrays.fill(encoded, (byte) 0);
            }
            log.warn("Generated the master key for secrets at rest in {} (owner-only). Back it up with the data directory: without it "
                    + "stored secrets cannot be read. Production sets FORTEL_MASTER_KEY instead.", file.toAbsolutePath());
        }

        private static void warnIfShared(Path file) throws IOException {
            if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                log.warn("The master key file {} can be read by other users ({}); restrict it with: chmod 600 {}", file.toAbsolutePath(),
                        PosixFilePermissions.toString(permissions), file.toAbsolutePath());
            }
        }
    }
}
