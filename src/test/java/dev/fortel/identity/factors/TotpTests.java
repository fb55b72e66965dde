package dev.fortel.identity.factors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TOTP as authenticator apps compute it: the RFC 6238 test vectors, the same codes as {@code oathtool}
 * (OATH Toolkit, installed by CI) for random secrets, and the acceptance window.
 */
class TotpTests {

    /** RFC 6238 Appendix B's SHA-1 seed: the ASCII digits "1234567890" twice. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** Appendix B's eight-digit SHA-1 values; a six-digit code is the last six digits of the same truncation. */
    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924", "2000000000, 69279037",
            "20000000000, 65353130"})
    void codesMatchTheRfc6238TestVectors(long epochSecond, String eightDigits) {
        assertThat(Totp.codeAt(RFC_SEED, Totp.stepOf(Instant.ofEpochSecond(epochSecond)))).isEqualTo(eightDigits.substring(2));
    }

    @Test
    void theBase32SecretOfTheRfcSeedIsTheOneAppsAreGiven() {
        assertThat(Totp.base32(RFC_SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.grouped(RFC_SEED)).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    }

    @Test
    void codesAgreeWithOathtoolForRandomSecrets() throws Exception {
        Assumptions.assumeTrue(System.getenv("CI") != null || onPath("oathtool"), "oathtool is not installed (apt-get install oathtool)");
        for (int i = 0; i < 5; i++) {
            byte[] secret = Totp.newSecret();
            long epoch = 1_700_000_000L + i * 7_919L;
            Process p = new ProcessBuilder("oathtool", "--totp", "-b", "-N", "@" + epoch, Totp.base32(secret)).redirectErrorStream(true).start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            assertThat(p.exitValue()).as(theirs).isZero();
            assertThat(Totp.codeAt(secret, Totp.stepOf(Instant.ofEpochSecond(epoch)))).isEqualTo(theirs);
        }
    }

    @Test
    void aCodeIsAcceptedForItsStepAndOneStepEitherSideOnly() {
        byte[] secret = Totp.newSecret();
        Instant now = Instant.ofEpochSecond(1_800_000_015L);
        long step = Totp.stepOf(now);
        assertThat(Totp.matchingStep(secret, Totp.codeAt(secret, step), now)).hasValue(step);
        assertThat(Totp.matchingStep(secret, Totp.codeAt(secret, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.matchingStep(secret, Totp.codeAt(secret, step + 1), now)).hasValue(step + 1);
        String twoBack = Totp.codeAt(secret, step - 2);
        if (!Set.of(Totp.codeAt(secret, step), Totp.codeAt(secret, step - 1), Totp.codeAt(secret, step + 1)).contains(twoBack)) {
            assertThat(Totp.matchingStep(secret, twoBack, now)).isEmpty();
        }
    }

    @Test
    void anythingButSixDigitsNeverMatches() {
        byte[] secret = Totp.newSecret();
        Instant now = Instant.now();
        String code = Totp.codeAt(secret, Totp.stepOf(now));
        for (String typed : List.of("", "12345", "1234567", code + "0", "abcdef", code.substring(0, 5) + "x", "１２３４５６")) {
            assertThat(Totp.matchingStep(secret, typed, now)).as(typed).isEmpty();
        }
        assertThat(Totp.matchingStep(secret, " " + code + " ", now)).as("surrounding spaces are forgiven").isPresent();
    }

    @Test
    void theKeyUriCarriesIssuerAccountAndParametersAppsExpect() {
        String uri = Totp.keyUri("Fortel (Acme & Co)", "anna@acme.test", RFC_SEED);
        assertThat(uri).isEqualTo("otpauth://totp/Fortel%20%28Acme%20%26%20Co%29:anna%40acme.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Fortel%20%28Acme%20%26%20Co%29&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void recoveryCodesAreTenDistinctHighEntropyCodesHashedWhateverTheirTyping() {
        List<String> codes = RecoveryCodes.generate();
        assertThat(codes).hasSize(RecoveryCodes.COUNT);
        assertThat(new HashSet<>(codes)).hasSize(RecoveryCodes.COUNT);
        for (String c : codes) {
            assertThat(c).matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}");
            assertThat(RecoveryCodes.looksLikeOne(c)).isTrue();
            assertThat(RecoveryCodes.hash(c.toUpperCase(java.util.Locale.ROOT).replace("-", " "))).isEqualTo(RecoveryCodes.hash(c));
        }
        assertThat(RecoveryCodes.looksLikeOne("123456")).isFalse();
    }

    @Test
    void theQrCodeIsAnSvgImageForTheImgTag() {
        String uri = QrCode.svgDataUri("otpauth://totp/Fortel:a@b.test?secret=ABC");
        assertThat(uri).startsWith("data:image/svg+xml;base64,");
        String svg = new String(java.util.Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("<path").doesNotContain("<script");
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
