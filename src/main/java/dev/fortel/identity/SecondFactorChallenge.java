package dev.fortel.identity;

import dev.fortel.directory.Employee;
import dev.fortel.platform.RequestOrigin;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Asks for a second factor the way a password is asked for: guessing protection admits the attempt first
 * (a locked account or blocked address is refused whatever the code), a wrong code counts as a failed
 * sign-in of the account and the address, a right one clears the account's count. A console sign-in
 * waiting for its code holds its password attempt as counted until the code is right, so abandoned
 * second steps add up too. Every refusal and every
 * recovery code used is journaled. Used by the console's code page, the token endpoint and step-up.
 *
 * <p>The password step does not clear the account's failure count when a code is still to come
 * ({@link GuardedAuthentication}), so someone who knows the password cannot try codes without limit by
 * signing in again and again: the codes they get wrong lock the account like wrong passwords.
 */
@Component
class SecondFactorChallenge {

    enum Context {
        SIGN_IN("sign_in"), STEP_UP("step_up");

        final String code;

        Context(String code) {
            this.code = code;
        }
    }

    sealed interface Outcome {
        /** @param method {@code totp} or {@code recovery_code}; {@code recoveryCodesLeft} is -1 unless a recovery code was used */
        record Passed(String method, int recoveryCodesLeft) implements Outcome {

            boolean fewRecoveryCodesLeft() {
                return recoveryCodesLeft >= 0 && recoveryCodesLeft <= dev.fortel.identity.factors.RecoveryCodes.FEW;
            }
        }

        /** @param locked the account or address is refused for now, so retrying soon is pointless */
        record Failed(boolean locked) implements Outcome {}
    }

    private final SecondFactors factors;
    private final GuessingProtection guards;
    private final ApplicationEventPublisher events;

    SecondFactorChallenge(SecondFactors factors, GuessingProtection guards, ApplicationEventPublisher events) {
        this.factors = factors;
        this.guards = guards;
        this.events = events;
    }

    /** A code on its own request (the console's code page, step-up): admitted, and so counted, like a sign-in attempt. */
    Outcome check(Employee employee, String code, Context context, RequestOrigin origin) {
        GuessingProtection.Ticket ticket;
        try {
            ticket = guards.admit(employee, origin.ip());
        } catch (GuessingRefusal refused) {
            failed(employee, context, "locked", origin);
            return new Outcome.Failed(true);
        }
        return verify(employee, code, context, origin, ticket);
    }

    /**
     * A code sent with the password in the same request (the token endpoint): the password's admission already
     * counted this attempt and checked the lock, so the code's outcome settles that same attempt.
     */
    Outcome checkWithPassword(Employee employee, String code, RequestOrigin origin) {
        return verify(employee, code, Context.SIGN_IN, origin, new GuessingProtection.Ticket(employee, origin.ip()));
    }

    /**
     * A passkey assertion on its own request, already checked by {@link PasskeyCeremonies}: admitted and counted
     * like a code, so a refused assertion costs an attempt and a locked account is refused even a valid one.
     */
    Outcome passkey(Employee employee, boolean verified, Context context, RequestOrigin origin) {
        GuessingProtection.Ticket ticket;
        try {
            ticket = guards.admit(employee, origin.ip());
        } catch (GuessingRefusal refused) {
            failed(employee, context, "locked", origin);
            return new Outcome.Failed(true);
        }
        if (verified) {
            guards.succeeded(ticket);
            return new Outcome.Passed("passkey", -1);
        }
        failed(employee, context, "passkey_refused", origin);
        guards.failed(ticket);
        return new Outcome.Failed(false);
    }

    private Outcome verify(Employee employee, String code, Context context, RequestOrigin origin, GuessingProtection.Ticket ticket) {
        SecondFactors.Verdict verdict = factors.verify(employee.tenantId(), employee.id(), code == null ? "" : code);
        switch (verdict) {
            case SecondFactors.Verdict.Accepted accepted -> {
                guards.succeeded(ticket);
                return new Outcome.Passed(accepted.method().code(), -1);
            }
            case SecondFactors.Verdict.RecoveryCodeUsed used -> {
                guards.succeeded(ticket);
                events.publishEvent(new IdentityEvents.RecoveryCodeUsed(employee.tenantId(), employee.id(), employee.login(), context.code,
                        used.remaining(), origin.ip(), origin.userAgent()));
                return new Outcome.Passed("recovery_code", used.remaining());
            }
            case SecondFactors.Verdict.Rejected rejected -> {
                failed(employee, context, rejected.replayed() ? "replayed_code" : "wrong_code", origin);
                guards.failed(ticket);
                return new Outcome.Failed(false);
            }
        }
    }

    private void failed(Employee employee, Context context, String reason, RequestOrigin origin) {
        events.publishEvent(new IdentityEvents.SecondFactorFailed(employee.tenantId(), employee.id(), employee.login(), context.code, reason,
                origin.ip(), origin.userAgent()));
    }
}
