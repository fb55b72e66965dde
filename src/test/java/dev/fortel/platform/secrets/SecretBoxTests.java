package dev.fortel.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fortel.platform.FortelProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/** Sealing secrets at rest: what opens, what refuses, and where the master key comes from. */
class SecretBoxTests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    private final byte[] master = key();
    private final SecretBox box = new SecretBox(master, List.of());

    @Test
    void sealedSecretOpensForTheSamePurposeAndOwner() {
        String sealed = box.seal("smtp relay passphrase ✓", "notification.smtp-password", "provider");
        assertThat(sealed).startsWith("v1:" + box.keyId() + ":").doesNotContain("passphrase");
        assertThat(box.openText(sealed, "notification.smtp-password", "provider")).isEqualTo("smtp relay passphrase ✓");
        assertThat(new SecretBox(master.clone(), List.of()).openText(sealed, "notification.smtp-password", "provider"))
                .as("another instance with the same key").isEqualTo("smtp relay passphrase ✓");
    }

    @Test
    void derivedKeysAreStablePerMasterKeyAndPurposeAndListTheCurrentKeyFirst() {
        byte[] a = box.derivedKeys("audit.journal-checkpoints").get(box.keyId());
        assertThat(new SecretBox(master.clone(), List.of()).derivedKeys("audit.journal-checkpoints").get(box.keyId())).isEqualTo(a).hasSize(32);
        assertThat(box.derivedKeys("another purpose").get(box.keyId())).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(master);
        SecretBox rotated = new SecretBox(key(), List.of(master));
        assertThat(rotated.derivedKeys("audit.journal-checkpoints").keySet()).containsExactly(rotated.keyId(), box.keyId());
        assertThat(rotated.derivedKeys("audit.journal-checkpoints").get(box.keyId())).as("what the old key signed still verifies").isEqualTo(a);
    }

    @Test
    void twoSealsOfTheSameTextDiffer() {
        String a = box.seal("same", "p", "o");
        String b = box.seal("same", "p", "o");
        assertThat(a).isNotEqualTo(b);
        assertThat(box.openText(a, "p", "o")).isEqualTo(box.openText(b, "p", "o"));
    }

    @Test
    void anyAlteredCharacterMakesItRefuse() {
        String sealed = box.seal("secret", "p", "o");
        String data = sealed.substring(sealed.lastIndexOf(':') + 1);
        byte[] raw = Base64.getUrlDecoder().decode(data);
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            String altered = sealed.substring(0, sealed.lastIndexOf(':') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> box.open(altered, "p", "o")).isInstanceOf(SecretBox.UnreadableSecretException.class)
                    .hasMessageContaining("altered");
        }
        String cut = sealed.substring(0, sealed.length() - 30);
        assertThatThrownBy(() -> box.open(cut, "p", "o")).isInstanceOf(SecretBox.UnreadableSecretException.class);
        assertThatThrownBy(() -> box.open("secret", "p", "o")).isInstanceOf(SecretBox.UnreadableSecretException.class)
                .hasMessageContaining("not a value sealed");
    }

    @Test
    void aValueCopiedToAnotherPurposeOrOwnerDoesNotOpen() {
        String sealed = box.seal("link body", "notification.outbox-body", "tenant-a/outbox/1");
        assertThatThrownBy(() -> box.open(sealed, "notification.outbox-body", "tenant-b/outbox/1"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class).hasMessageContaining("another purpose or owner");
        assertThatThrownBy(() -> box.open(sealed, "notification.smtp-password", "tenant-a/outbox/1"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
        // The key id is bound too: relabelling a value with another key's id does not help.
        SecretBox other = new SecretBox(key(), List.of(master));
        String relabelled = sealed.replace(":" + box.keyId() + ":", ":" + other.keyId() + ":");
        assertThatThrownBy(() -> other.open(relabelled, "notification.outbox-body", "tenant-a/outbox/1"))
                .isInstanceOf(SecretBox.UnreadableSecretException.class);
    }

    @Test
    void aRetiredKeyStillOpensWhatItSealedAndAnUnknownKeyIsNamed() {
        String old = box.seal("from before the change", "p", "o");
        SecretBox rotated = new SecretBox(key(), List.of(master));
        assertThat(rotated.openText(old, "p", "o")).isEqualTo("from before the change");
        assertThat(rotated.sealedWithCurrentKey(old)).isFalse();
        assertThat(rotated.sealedWithCurrentKey(rotated.seal("x", "p", "o"))).isTrue();

        SecretBox stranger = new SecretBox(key(), List.of());
        assertThatThrownBy(() -> stranger.open(old, "p", "o")).isInstanceOf(SecretBox.UnreadableSecretException.class)
                .hasMessageContaining("sealed under master key " + box.keyId()).hasMessageContaining("fortel.previous-master-keys");
        assertThat(box.toString()).contains(box.keyId()).doesNotContain(Base64.getEncoder().encodeToString(master));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MasterKeyProperties.class)
    static class Keys {}

    @Test
    void aBadMasterKeyStopsTheStartNamingTheKeyWithoutPrintingIt() {
        String tooShort = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        new ApplicationContextRunner().withUserConfiguration(Keys.class).withPropertyValues("fortel.master-key=" + tooShort).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("fortel.master-key (FORTEL_MASTER_KEY) decodes to 16 bytes")
                    .contains("openssl rand -base64 32").doesNotContain(tooShort);
        });
        new ApplicationContextRunner().withUserConfiguration(Keys.class).withPropertyValues("fortel.master-key=not base64 at all!").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("fortel.master-key (FORTEL_MASTER_KEY) is not base64")
                        .doesNotContain("not base64 at all!"));
        String good = Base64.getEncoder().encodeToString(key());
        new ApplicationContextRunner().withUserConfiguration(Keys.class).withPropertyValues("fortel.master-key=" + good).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MasterKeyProperties.class).toString()).doesNotContain(good).contains("******");
        });
    }

    @Test
    void theEmbeddedDefaultGeneratesAnOwnerOnlyKeyFileOnceAndAnExternalDatabaseNeedsAConfiguredKey(@TempDir Path dataDir) throws Exception {
        SecretsConfiguration config = new SecretsConfiguration();
        MockEnvironment h2 = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./x");
        MasterKeyProperties none = new MasterKeyProperties(null, null);

        SecretBox first = config.secretBox(none, fortel(dataDir), h2);
        Path file = dataDir.resolve("keys").resolve("master.key");
        assertThat(file).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip())).hasSize(32);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        }
        String sealed = first.seal("kept across restarts", "p", "o");
        SecretBox second = config.secretBox(none, fortel(dataDir), h2);
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(second.openText(sealed, "p", "o")).isEqualTo("kept across restarts");

        MockEnvironment postgres = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/fortel");
        assertThatThrownBy(() -> config.secretBox(none, fortel(dataDir), postgres)).hasMessageContaining("fortel.master-key (FORTEL_MASTER_KEY) is not set");
        String configured = Base64.getEncoder().encodeToString(key());
        SecretBox fromConfig = config.secretBox(new MasterKeyProperties(configured, null), fortel(dataDir), postgres);
        assertThat(fromConfig.keyId()).isNotEqualTo(first.keyId());
    }

    private static FortelProperties fortel(Path dataDir) {
        return new FortelProperties(dataDir, null, new FortelProperties.Tls(true, "localhost"), new FortelProperties.Argon2(8192, 1, 1),
                Duration.ofHours(8), Duration.ofHours(24), new FortelProperties.Db("fortel_app"), List.of());
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
