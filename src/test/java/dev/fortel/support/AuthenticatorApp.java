package dev.fortel.support;

import dev.fortel.identity.factors.Totp;
import java.time.Instant;

/**
 * What an authenticator app does in the tests: computes codes from the secret the server handed out.
 *
 * <p>The server accepts a code for the current 30-second step and one either side, and never a step at
 * or before one already used. A test therefore starts early in a step ({@link #freshStep()}) and spends
 * the previous, current and next steps' codes in that order, each once: all three stay valid for at least
 * the ten seconds that remain of the step.
 */
public final class AuthenticatorApp {

    private AuthenticatorApp() {}

    /** Waits, when needed, until at most 20 seconds of the current step have passed; returns that step. */
    public static long freshStep() {
        long second = Instant.now().getEpochSecond() % Totp.STEP.toSeconds();
        if (second > 20) {
            try {
                Thread.sleep((Totp.STEP.toSeconds() + 1 - second) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Totp.stepOf(Instant.now());
    }

    public static String code(byte[] secret, long step) {
        return Totp.codeAt(secret, step);
    }
}
