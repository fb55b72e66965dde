package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.identity.factors.EnrolledFactor;
import dev.fortel.identity.factors.FactorMethod;
import dev.fortel.identity.factors.QrCode;
import dev.fortel.identity.factors.RecoveryCodes;
import dev.fortel.identity.factors.SecondFactorStore;
import dev.fortel.identity.factors.Totp;
import dev.fortel.identity.iprules.IpRuleScope;
import dev.fortel.notification.Outbox;
import dev.fortel.notification.OutgoingMail;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each person's second factors: enrolling an authenticator app (a factor counts only once its first code
 * was entered), removing one, recovery codes, an administrator's reset, and checking a code. Who must
 * have a factor, and which methods count, is the company's two-factor policy ({@link SignInPolicy.TwoFactor}):
 * a factor of a method the company no longer allows is kept but neither asked for nor accepted.
 */
@Service
class SecondFactors {

    static final String SEED_PURPOSE = "identity.totp-seed";
    /** How long a started enrollment waits for its first code. */
    static final Duration ENROLLMENT_TIME = Duration.ofMinutes(15);
    /** A person with this many factors must remove one before adding another. */
    static final int MAX_FACTORS = 10;
    static final int MAX_LABEL = 100;

    private final SecondFactorStore store;
    private final SecretBox box;
    private final SignInPolicies policies;
    private final ApplicationEventPublisher events;
    private final Outbox outbox;
    private final dev.fortel.tenancy.Tenants tenants;
    private final MessageSource messages;
    private final Clock clock;

    SecondFactors(SecondFactorStore store, SecretBox box, SignInPolicies policies, ApplicationEventPublisher events, Outbox outbox,
            dev.fortel.tenancy.Tenants tenants, MessageSource messages, Clock clock) {
        this.store = store;
        this.box = box;
        this.policies = policies;
        this.events = events;
        this.outbox = outbox;
        this.tenants = tenants;
        this.messages = messages;
        this.clock = clock;
    }

    /** What a sign-in must do after the password. */
    enum Requirement {
        /** Nothing more: signed in. */
        NONE,
        /** Enter a code from an enrolled factor. */
        VERIFY,
        /** The company requires a factor and the person has none: enroll before anything else. */
        ENROLL
    }

    /** What a checked code was. */
    sealed interface Verdict {
        record Accepted(FactorMethod method) implements Verdict {}

        record RecoveryCodeUsed(int remaining) implements Verdict {}

        /** @param replayed a valid code of a time step already used */
        record Rejected(boolean replayed) implements Verdict {}
    }

    record TotpSetup(UUID id, String label, String secret, String keyUri, String qrCode) {}

    /** @param recoveryCodes a fresh set when this was the person's first factor, shown once; otherwise empty */
    record Confirmed(EnrolledFactor factor, List<String> recoveryCodes) {}

    List<EnrolledFactor> list(TenantId tenant, UUID employee) {
        return TenantContext.as(tenant, () -> store.list(tenant, employee));
    }

    /** Confirmed factors of methods the company allows: the ones a sign-in asks for. */
    List<EnrolledFactor> usable(TenantId tenant, UUID employee) {
        SignInPolicy.TwoFactor policy = policies.of(tenant).twoFactor();
        return list(tenant, employee).stream().filter(f -> f.confirmed() && policy.methods().contains(f.method())).toList();
    }

    List<FactorMethod> allowedMethods(TenantId tenant) {
        return policies.of(tenant).twoFactor().methods().stream().sorted().toList();
    }

    /** Whether the company's policy requires this person to have a second factor. */
    boolean requiredFor(Subject s) {
        return switch (policies.of(s.tenantId()).twoFactor().required()) {
            case OFF -> false;
            case EVERYONE -> true;
            case ADMINS -> IpRuleScope.MANAGEMENT.stream().anyMatch(s::has);
        };
    }

    Requirement atSignIn(Subject s) {
        if (!usable(s.tenantId(), s.employeeId()).isEmpty()) {
            return Requirement.VERIFY;
        }
        return requiredFor(s) ? Requirement.ENROLL : Requirement.NONE;
    }

    /** The company requires a factor of this person and they have none that counts: only enrollment is reachable. */
    boolean enrollmentDue(Subject s) {
        return requiredFor(s) && usable(s.tenantId(), s.employeeId()).isEmpty();
    }

    /** Starts enrolling an authenticator app: a new secret, shown once, that counts only after {@link #confirmTotp}. */
    @Transactional
    TotpSetup beginTotp(Subject s, String requestedLabel) {
        requireAllowed(s.tenantId(), FactorMethod.TOTP);
        String label = label(requestedLabel);
        Instant now = now();
        store.deleteUnconfirmed(s.tenantId(), s.employeeId(), now.minus(ENROLLMENT_TIME));
        if (store.list(s.tenantId(), s.employeeId()).size() >= MAX_FACTORS) {
            throw new ConflictException("method", "factors.tooMany",
                    "you already have " + MAX_FACTORS + " second factors; remove one you no longer use first", MAX_FACTORS);
        }
        UUID id = UUID.randomUUID();
        byte[] secret = Totp.newSecret();
        store.add(s.tenantId(), s.employeeId(), id, FactorMethod.TOTP, label, box.seal(secret, SEED_PURPOSE, id.toString()), now);
        String uri = Totp.keyUri(issuer(s.tenantId()), s.login(), secret);
        return new TotpSetup(id, label, Totp.grouped(secret), uri, QrCode.svgDataUri(uri));
    }

    /** The setup of an enrollment still waiting for its first code, shown again (after a wrong code, say). */
    TotpSetup pendingTotp(Subject s, UUID id) {
        EnrolledFactor factor = store.find(s.tenantId(), s.employeeId(), id).filter(f -> !f.confirmed() && f.method() == FactorMethod.TOTP)
                .orElseThrow(() -> new NotFoundException("second factor"));
        byte[] secret = seed(s.tenantId(), s.employeeId(), id);
        String uri = Totp.keyUri(issuer(s.tenantId()), s.login(), secret);
        return new TotpSetup(id, factor.label(), Totp.grouped(secret), uri, QrCode.svgDataUri(uri));
    }

    private String issuer(TenantId tenant) {
        return tenants.find(tenant).map(t -> "Fortel (" + t.name() + ")").orElse("Fortel");
    }

    /**
     * Completes an enrollment with its first valid code. The person's first factor comes with a set of
     * recovery codes.
     */
    @Transactional
    Confirmed confirmTotp(Subject s, UUID id, String code, RequestOrigin origin) {
        EnrolledFactor factor = store.find(s.tenantId(), s.employeeId(), id).orElseThrow(() -> new NotFoundException("second factor"));
        if (factor.confirmed()) {
            throw new ConflictException("id", "factors.alreadyConfirmed", "this authenticator is already set up; nothing to confirm");
        }
        Instant now = now();
        if (factor.createdAt().plus(ENROLLMENT_TIME).isBefore(now)) {
            throw new ConflictException("id", "factors.enrollmentExpired",
                    "this setup was started more than 15 minutes ago; start again to get a new QR code");
        }
        requireAllowed(s.tenantId(), FactorMethod.TOTP);
        OptionalLong step = Totp.matchingStep(seed(s.tenantId(), s.employeeId(), id), code, now);
        if (step.isEmpty() || !store.confirm(s.tenantId(), s.employeeId(), id, step.getAsLong(), now)) {
            throw ValidationFailedException.of("code", "factors.codeInvalid",
                    "is not the current code of this authenticator: enter the six digits the app shows now (check that the phone's clock is right)");
        }
        List<String> codes = List.of();
        if (store.unusedRecoveryCodes(s.tenantId(), s.employeeId()) == 0) {
            codes = newRecoveryCodes(s, now);
        }
        EnrolledFactor done = store.find(s.tenantId(), s.employeeId(), id).orElseThrow();
        events.publishEvent(new IdentityEvents.SecondFactorEnrolled(s, id, FactorMethod.TOTP.code(), done.label(), origin.ip(),
                origin.userAgent()));
        return new Confirmed(done, codes);
    }

    /** Removes one of the person's own factors; the company's requirement keeps the last one that counts. */
    @Transactional
    void remove(Subject s, UUID id, RequestOrigin origin) {
        EnrolledFactor factor = store.find(s.tenantId(), s.employeeId(), id).orElseThrow(() -> new NotFoundException("second factor"));
        List<EnrolledFactor> usable = usable(s.tenantId(), s.employeeId());
        if (factor.confirmed() && requiredFor(s) && usable.size() == 1 && usable.get(0).id().equals(id)) {
            throw new ConflictException("id", "factors.lastRequired",
                    "your company requires a second factor: add another one before removing this one");
        }
        store.delete(s.tenantId(), s.employeeId(), id);
        if (store.list(s.tenantId(), s.employeeId()).stream().noneMatch(EnrolledFactor::confirmed)) {
            // Recovery codes stand in for a factor; with none left they would be a password of their own.
            store.replaceRecoveryCodes(s.tenantId(), s.employeeId(), List.of(), now());
        }
        if (factor.confirmed()) {
            events.publishEvent(new IdentityEvents.SecondFactorRemoved(s, id, factor.method().code(), factor.label(), origin.ip(),
                    origin.userAgent()));
        }
    }

    /** A new set of recovery codes, shown once; the previous set stops working. */
    @Transactional
    List<String> regenerateRecoveryCodes(Subject s, RequestOrigin origin) {
        if (store.list(s.tenantId(), s.employeeId()).stream().noneMatch(EnrolledFactor::confirmed)) {
            throw new ConflictException("recovery_codes", "factors.noFactor",
                    "recovery codes stand in for a second factor: set one up first");
        }
        List<String> codes = newRecoveryCodes(s, now());
        events.publishEvent(new IdentityEvents.RecoveryCodesGenerated(s, codes.size(), origin.ip(), origin.userAgent()));
        return codes;
    }

    int unusedRecoveryCodes(TenantId tenant, UUID employee) {
        return TenantContext.as(tenant, () -> store.unusedRecoveryCodes(tenant, employee));
    }

    /**
     * An administrator removes every factor and recovery code of an employee (a lost phone); the employee
     * is told by e-mail. If the company requires a factor, their next request leads to enrollment.
     */
    @Transactional
    int reset(Subject actor, Employee employee, RequestOrigin origin) {
        int removed = store.deleteAll(employee.tenantId(), employee.id());
        events.publishEvent(new IdentityEvents.SecondFactorsReset(actor, employee.tenantId(), employee.id(), employee.login(), removed,
                origin.ip(), origin.userAgent()));
        Locale language = "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? Locale.ENGLISH : Locale.forLanguageTag("ru");
        String company = tenants.find(employee.tenantId()).map(Tenant::name).orElse("Fortel");
        Object[] args = {employee.displayName(), company, actor.displayName(), employee.login()};
        outbox.queue(new OutgoingMail(employee.tenantId(), "second_factor_reset", employee.login(),
                messages.getMessage("mail.factorsReset.subject", args, language), messages.getMessage("mail.factorsReset.body", args, language)));
        return removed;
    }

    /**
     * Checks a code against the person's usable factors, or as a recovery code. Each statement commits on
     * its own (this runs outside any transaction at sign-in), so a used step or code stays used.
     */
    Verdict verify(TenantId tenant, UUID employee, String code) {
        return TenantContext.as(tenant, () -> {
            List<EnrolledFactor> usable = usable(tenant, employee);
            if (usable.isEmpty() || code.length() > 64) {
                return new Verdict.Rejected(false);
            }
            Instant now = now();
            if (RecoveryCodes.looksLikeOne(code)) {
                if (store.useRecoveryCode(tenant, employee, RecoveryCodes.hash(code), now)) {
                    return new Verdict.RecoveryCodeUsed(store.unusedRecoveryCodes(tenant, employee));
                }
                return new Verdict.Rejected(false);
            }
            boolean replayed = false;
            for (EnrolledFactor f : usable) {
                if (f.method() != FactorMethod.TOTP) {
                    continue;
                }
                OptionalLong step = Totp.matchingStep(seed(tenant, employee, f.id()), code, now);
                if (step.isPresent()) {
                    if (store.useStep(tenant, employee, f.id(), step.getAsLong(), now)) {
                        return new Verdict.Accepted(FactorMethod.TOTP);
                    }
                    replayed = true;
                }
            }
            return new Verdict.Rejected(replayed);
        });
    }

    private List<String> newRecoveryCodes(Subject s, Instant now) {
        List<String> codes = RecoveryCodes.generate();
        store.replaceRecoveryCodes(s.tenantId(), s.employeeId(), codes.stream().map(RecoveryCodes::hash).toList(), now);
        return codes;
    }

    private byte[] seed(TenantId tenant, UUID employee, UUID id) {
        String sealed = store.sealedSecret(tenant, employee, id).orElseThrow(() -> new NotFoundException("second factor"));
        return box.open(sealed, SEED_PURPOSE, id.toString());
    }

    private void requireAllowed(TenantId tenant, FactorMethod method) {
        if (!policies.of(tenant).twoFactor().methods().contains(method)) {
            throw new ConflictException("method", "factors.methodNotAllowed",
                    "your company does not allow this method (" + method.code() + "); ask an administrator which methods are allowed",
                    method.code());
        }
    }

    private static String label(String requested) {
        String label = requested == null ? "" : requested.strip();
        if (label.isEmpty()) {
            return "Authenticator app";
        }
        if (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw ValidationFailedException.of("label", "factors.label", "must be at most 100 characters, without control characters",
                    MAX_LABEL);
        }
        return label;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
