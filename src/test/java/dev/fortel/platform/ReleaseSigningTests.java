package dev.fortel.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release scripts as a release manager and a downloader use them: sign with a key supplied at release
 * time, verify with the published public key, and refuse a file changed after signing.
 */
class ReleaseSigningTests {

    @TempDir
    Path dir;

    record Run(int exit, String output) {}

    private Run run(List<String> command, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** A stand-in for fortel.jar with the same layout: the SBOM where the Boot jar keeps it. */
    private Path jar() throws IOException {
        Path jar = dir.resolve("fortel.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/sbom/application.cdx.json"));
            zip.write("{\"bomFormat\":\"CycloneDX\",\"components\":[]}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/dev/fortel/App.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3});
            zip.closeEntry();
        }
        return jar;
    }

    @Test
    void signedReleaseVerifiesAndAModifiedJarIsRefused() throws Exception {
        Path key = dir.resolve("release.pem");
        assertThat(run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString())).exit()).isZero();
        Path jar = jar();
        Path out = dir.resolve("release");

        Run signed = run(List.of("bash", "scripts/release/sign.sh", jar.toString(), out.toString()), "FORTEL_SIGNING_KEY", key.toString());
        assertThat(signed.exit()).as(signed.output()).isZero();
        assertThat(out.resolve("fortel.jar.sig")).exists();
        assertThat(out.resolve("fortel.cdx.json")).content().contains("CycloneDX");
        assertThat(out.resolve("SHA256SUMS")).content().contains("fortel.jar").contains("fortel.cdx.json");

        Path pub = out.resolve("fortel-release.pub");
        Run ok = run(List.of("bash", "scripts/release/verify.sh", pub.toString(), out.resolve("fortel.jar").toString(),
                out.resolve("fortel.cdx.json").toString()));
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("OK       " + out.resolve("fortel.jar"));

        // One byte appended after signing, as a tampered mirror would serve it.
        try (OutputStream append = Files.newOutputStream(out.resolve("fortel.jar"), java.nio.file.StandardOpenOption.APPEND)) {
            append.write(0);
        }
        Run refused = run(List.of("bash", "scripts/release/verify.sh", pub.toString(), out.resolve("fortel.jar").toString()));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output()).contains("REFUSED").contains("modified");
    }

    @Test
    void signatureFromAnotherKeyIsRefused() throws Exception {
        Path key = dir.resolve("release.pem");
        Path other = dir.resolve("other.pem");
        run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString()));
        run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", other.toString()));
        Path otherPub = dir.resolve("other.pub");
        run(List.of("openssl", "pkey", "-in", other.toString(), "-pubout", "-out", otherPub.toString()));
        Path out = dir.resolve("release");
        assertThat(run(List.of("bash", "scripts/release/sign.sh", jar().toString(), out.toString()), "FORTEL_SIGNING_KEY", key.toString()).exit())
                .isZero();
        Run refused = run(List.of("bash", "scripts/release/verify.sh", otherPub.toString(), out.resolve("fortel.jar").toString()));
        assertThat(refused.exit()).isEqualTo(1);
    }

    @Test
    void signingWithoutAKeyExplainsWhatIsMissing() throws Exception {
        Run run = run(List.of("bash", "scripts/release/sign.sh", jar().toString(), dir.resolve("r").toString()), "FORTEL_SIGNING_KEY", "");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("FORTEL_SIGNING_KEY");
    }
}
