package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person changes their own password, knowing the current one. Every other session and sign-in token of
 * theirs ends in the same transaction (someone who learned the old password may hold one); the session or
 * token the change was made with stays. Integration tokens stay too: they are not sessions, and their
 * creator's rights still bound them.
 *
 * <p>The current password is checked under guessing protection, like a sign-in: a stolen session cannot be
 * used to guess the password behind it, and each wrong guess counts towards the account's lock.
 */
@Service
class PasswordChange {

    private final Accounts accounts;
    private final Credentials credentials;
    private final PasswordEncoder encoder;
    private final GuessingProtection guards;
    private final PasswordPolicy policy;
    private final ApiTokens tokens;
    private final ConsoleSessions consoleSessions;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PasswordChange(Accounts accounts, Credentials credentials, PasswordEncoder encoder, GuessingProtection guards, PasswordPolicy policy,
            ApiTokens tokens,
            ConsoleSessions consoleSessions, ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.encoder = encoder;
        this.guards = guards;
        this.policy = policy;
        this.tokens = tokens;
        this.consoleSessions = consoleSessions;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What the change ended besides setting the password. */
    record Outcome(int consoleSessionsEnded, int apiTokensRevoked) {}

    /**
     * @throws ValidationFailedException naming {@code current_password} (wrong, or too many wrong attempts) or
     *     {@code new_password} (breaks the password rules, or equals the current one); nothing has changed then
     */
    Outcome change(Subject subject, @Nullable String current, @Nullable String next, RequestOrigin origin) {
        Employee employee = accounts.current(subject).orElseThrow(() -> new NotFoundException("employee"));
        if (accounts.directoryAccount(employee)) {
            throw ValidationFailedException.of("current_password", "password.directoryAccount",
                    "your password is your company directory's password: change it there (for example with Ctrl+Alt+Del on a Windows PC)");
        }
        String hash = credentials.hash(employee.tenantId(), employee.id()).orElseThrow(() -> new NotFoundException("employee"));
        if (current == null || current.isEmpty()) {
            throw ValidationFailedException.of("current_password", "password.currentRequired", "required: type your current password");
        }
        GuessingProtection.Ticket ticket;
        try {
            ticket = guards.admit(employee, origin.ip());
        } catch (GuessingRefusal refused) {
            events.publishEvent(new IdentityEvents.PasswordChangeRefused(subject, refused.reason(), origin.ip(), origin.userAgent()));
            throw ValidationFailedException.of("current_password", "password.currentLocked",
                    "too many wrong passwords: your sign-in is locked for a while; try again later");
        }
        if (!encoder.matches(current, hash)) {
            guards.failed(ticket);
            events.publishEvent(new IdentityEvents.PasswordChangeRefused(subject, "wrong_current_password", origin.ip(), origin.userAgent()));
            throw ValidationFailedException.of("current_password", "password.currentWrong", "is not your current password");
        }
        guards.succeeded(ticket);
        checkRules(next, employee);
        if (encoder.matches(next, hash)) {
            throw ValidationFailedException.of("new_password", "password.sameAsCurrent", "must differ from your current password");
        }
        String newHash = encoder.encode(next);
        String keep = subject.sessionRef();
        return TenantContext.as(employee.tenantId(), () -> transaction.execute(status -> {
            credentials.set(employee.tenantId(), employee.id(), newHash, clock.instant().truncatedTo(ChronoUnit.MICROS));
            int revoked = tokens.revokeAllExcept(employee.tenantId(), employee.id(),
                    keep != null && keep.startsWith("api:") ? keep.substring(4) : null);
            int ended = consoleSessions.endAllExcept(employee.login(), keep);
            events.publishEvent(new IdentityEvents.PasswordChanged(subject, origin.ip(), origin.userAgent()));
            if (revoked > 0) {
                events.publishEvent(new IdentityEvents.ApiTokensRevoked(employee.tenantId(), employee.id(), revoked, "password_changed"));
            }
            if (ended > 0) {
                events.publishEvent(new IdentityEvents.ConsoleSessionsEnded(employee.tenantId(), employee.id(), ended, "password_changed"));
            }
            return new Outcome(ended, revoked);
        }));
    }

    /**
     * The one place a self-chosen new password is judged: the company's password policy, with its minimum age
     * and history. Violations name the field {@code new_password}.
     */
    private void checkRules(@Nullable String password, Employee employee) {
        if (password == null || password.isEmpty()) {
            throw ValidationFailedException.of("new_password", "password.newRequired", "required: type the new password");
        }
        try {
            policy.checkChange(new PasswordPolicy.Holder(employee.tenantId(), employee.id(), employee.login(), employee.displayName()), password);
        } catch (ValidationFailedException e) {
            throw new ValidationFailedException(e.violations().stream().map(v -> v.onField("new_password")).toList());
        }
    }
}
