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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import dev.fortel.notification.SmsGateway;

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
    static final String CODE_PURPOSE = "identity.sent-code";
    /** A sent code's lifetime, attempts, and how often codes may be sent to one person. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    static final int CODE_ATTEMPTS = 5;
    static final Duration CODE_INTERVAL = Duration.ofSeconds(30);
    static final int CODES_PER_HOUR = 10;
    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final SecondFactorStore store;
    private final SecretBox box;
    private final SignInPolicies policies;
    private final ApplicationEventPublisher events;
    private final Outbox outbox;
    private final dev.fortel.tenancy.Tenants tenants;
    private final MessageSource messages;
    private final Clock clock;
    private final SmsGateway sms;
    private final TransactionTemplate transaction;

    SecondFactors(SecondFactorStore store, SecretBox box, SignInPolicies policies, ApplicationEventPublisher events, Outbox outbox,
            dev.fortel.tenancy.Tenants tenants, MessageSource messages, Clock clock, SmsGateway sms, PlatformTransactionManager transactions) {
        this.sms = sms;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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

    /** Whether SMS codes can be sent at all (the provider has set up a gateway). */
    boolean smsAvailable() {
        return sms.configured();
    }

    List<FactorMethod> allowedMethods(TenantId tenant) {
        return policies.of(tenant).twoFactor().methods().stream().sorted().toList();
    }

    /** The person's usable factors whose codes are sent, one per method, with where the code goes as shown to them. */
    java.util.Map<FactorMethod, String> sendable(TenantId tenant, UUID employee) {
        java.util.Map<FactorMethod, String> out = new java.util.EnumMap<>(FactorMethod.class);
        for (EnrolledFactor f : usable(tenant, employee)) {
            if (f.method().sent() && f.destination() != null) {
                out.putIfAbsent(f.method(), f.method() == FactorMethod.SMS ? SmsGateway.mask(f.destination()) : f.destination());
            }
        }
        return out;
    }

    /** Whether the company's policy (or, for the provider's support staff, the product) requires this person to have a second factor. */
    boolean requiredFor(Subject s) {
        if (s.provider() && (s.roles().contains(dev.fortel.access.Role.SUPPORT_AGENT) || s.roles().contains(dev.fortel.access.Role.SUPPORT_LEAD))) {
            // The provider's support staff reach into client companies: a second factor whatever the policy says (an
            // operator follows the provider's policy, and still needs one to act under a grant).
            return true;
        }
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

    /** Starts enrolling an authenticator app: a new secret, shown once, that counts only after {@link #confirm}. */
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
        store.add(s.tenantId(), s.employeeId(), id, FactorMethod.TOTP, label, box.seal(secret, SEED_PURPOSE, id.toString()), null, now);
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
     * Completes an app's enrollment with its first valid code, in the caller's transaction. The person's
     * first factor comes with a set of recovery codes.
     */
    private Confirmed confirmTotp(Subject s, UUID id, String code, RequestOrigin origin) {
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

    /** What an enrollment of a sent-code factor started: the factor to confirm and where its code went. */
    record SentSetup(UUID id, FactorMethod method, String destination) {}

    /** Starts enrolling e-mail codes to the login address: a code is sent there, and {@link #confirm} completes it. */
    SentSetup beginEmail(Subject s) {
        requireAllowed(s.tenantId(), FactorMethod.EMAIL);
        return beginSent(s, FactorMethod.EMAIL, s.login(), "E-mail");
    }

    /** Starts enrolling SMS codes to {@code phone} (E.164): a code is sent there, and {@link #confirm} completes it. */
    SentSetup beginSms(Subject s, String phone) {
        requireAllowed(s.tenantId(), FactorMethod.SMS);
        String number = phone == null ? "" : phone.replaceAll("[\\s()-]", "");
        if (!E164.matcher(number).matches()) {
            throw ValidationFailedException.of("phone", "factors.phone", "must be a mobile number in international form, such as +79161234567");
        }
        if (!sms.configured()) {
            throw new ConflictException("method", "factors.smsUnavailable", "SMS cannot be sent: the provider has not set up an SMS gateway");
        }
        return beginSent(s, FactorMethod.SMS, number, "SMS " + SmsGateway.mask(number));
    }

    private SentSetup beginSent(Subject s, FactorMethod method, String destination, String label) {
        UUID id = UUID.randomUUID();
        Instant now = now();
        TenantContext.as(s.tenantId(), () -> transaction.executeWithoutResult(status -> {
            store.deleteUnconfirmed(s.tenantId(), s.employeeId(), now.minus(ENROLLMENT_TIME));
            List<EnrolledFactor> mine = store.list(s.tenantId(), s.employeeId());
            if (mine.size() >= MAX_FACTORS) {
                throw new ConflictException("method", "factors.tooMany",
                        "you already have " + MAX_FACTORS + " second factors; remove one you no longer use first", MAX_FACTORS);
            }
            if (mine.stream().anyMatch(f -> f.confirmed() && f.method() == method && destination.equals(f.destination()))) {
                throw new ConflictException("method", "factors.sameDestination", "codes already go there; nothing to add");
            }
            store.add(s.tenantId(), s.employeeId(), id, method, label, null, destination, now);
        }));
        sendCode(s.tenantId(), s.employeeId(), s.displayName(), id, method, destination);
        return new SentSetup(id, method, method == FactorMethod.SMS ? SmsGateway.mask(destination) : destination);
    }

    /** Sends a new code for an enrollment still waiting for its first code (the first one was lost or expired). */
    SentSetup resend(Subject s, UUID id) {
        EnrolledFactor f = TenantContext.as(s.tenantId(), () -> store.find(s.tenantId(), s.employeeId(), id))
                .filter(x -> x.method().sent() && !x.confirmed() && x.destination() != null)
                .orElseThrow(() -> new NotFoundException("second factor"));
        sendCode(s.tenantId(), s.employeeId(), s.displayName(), id, f.method(), f.destination());
        return new SentSetup(id, f.method(), f.method() == FactorMethod.SMS ? SmsGateway.mask(f.destination()) : f.destination());
    }

    /**
     * Sends a sign-in (or step-up) code by {@code method} to the person's confirmed factor of that method.
     *
     * @return where it went, as shown to the person (an SMS number partly hidden)
     */
    String sendSignInCode(TenantId tenant, UUID employee, String displayName, FactorMethod method) {
        EnrolledFactor f = usable(tenant, employee).stream().filter(x -> x.method() == method && x.destination() != null).findFirst()
                .orElseThrow(() -> new ConflictException("method", "factors.noSuchMethod",
                        "you have no second factor of this kind (" + method.code() + "); use another one", method.code()));
        sendCode(tenant, employee, displayName, f.id(), method, f.destination());
        return method == FactorMethod.SMS ? SmsGateway.mask(f.destination()) : f.destination();
    }

    /**
     * Stores a fresh code for the factor and sends it: e-mail through the outbox in the same transaction,
     * SMS through the gateway right after (a code the gateway refused is deleted). Codes to one person are
     * limited to one per {@link #CODE_INTERVAL} and {@value #CODES_PER_HOUR} an hour, so nobody floods a
     * mailbox or phone, nor buys SMS at the provider's expense.
     */
    private void sendCode(TenantId tenant, UUID employee, String displayName, UUID factorId, FactorMethod method, String destination) {
        Instant now = now();
        String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
        UUID codeId = UUID.randomUUID();
        TenantContext.as(tenant, () -> transaction.executeWithoutResult(status -> {
            List<Instant> recent = store.codesSentSince(tenant, employee, now.minus(Duration.ofHours(1)));
            if (!recent.isEmpty() && recent.get(0).plus(CODE_INTERVAL).isAfter(now)) {
                long wait = Duration.between(now, recent.get(0).plus(CODE_INTERVAL)).toSeconds() + 1;
                throw new ConflictException("method", "factors.sendTooSoon", "a code was sent moments ago; wait " + wait
                        + " seconds before asking for another", wait);
            }
            if (recent.size() >= CODES_PER_HOUR) {
                throw new ConflictException("method", "factors.sendTooMany", "too many codes were sent in the last hour; wait, or use "
                        + "another second factor or a recovery code");
            }
            store.addCode(tenant, employee, factorId, codeId, box.seal(code, CODE_PURPOSE, codeId.toString()), now, now.plus(CODE_LIFETIME));
            if (method == FactorMethod.EMAIL) {
                Locale language = language();
                Object[] args = {displayName, code, CODE_LIFETIME.toMinutes()};
                outbox.queue(new OutgoingMail(tenant, "second_factor_code", destination,
                        messages.getMessage("mail.factorCode.subject", args, language), messages.getMessage("mail.factorCode.body", args, language)));
            }
        }));
        if (method == FactorMethod.SMS) {
            String text = messages.getMessage("sms.factorCode", new Object[] {code, CODE_LIFETIME.toMinutes()}, language());
            try {
                sms.send(tenant, "second_factor_code", destination, text);
            } catch (SmsGateway.NotSentException e) {
                TenantContext.as(tenant, () -> transaction.executeWithoutResult(status -> store.deleteCode(tenant, employee, codeId)));
                throw new ConflictException("method", "factors.smsNotSent", "the SMS could not be sent (" + e.getMessage()
                        + "); try again in a minute or use another second factor");
            }
        }
    }

    /** Russian or English, as the request asked (Russian by default, as the console). */
    private static Locale language() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? Locale.ENGLISH : Locale.forLanguageTag("ru");
    }

    /**
     * Completes an enrollment of any method with its first code. A sent code is checked outside the
     * transaction, so that each attempt stays counted even when the code is wrong.
     */
    Confirmed confirm(Subject s, UUID id, String code, RequestOrigin origin) {
        EnrolledFactor factor = TenantContext.as(s.tenantId(), () -> store.find(s.tenantId(), s.employeeId(), id))
                .orElseThrow(() -> new NotFoundException("second factor"));
        if (factor.method() == FactorMethod.TOTP) {
            return TenantContext.as(s.tenantId(), () -> transaction.execute(status -> confirmTotp(s, id, code, origin)));
        }
        if (factor.confirmed()) {
            throw new ConflictException("id", "factors.alreadyConfirmed", "this second factor is already set up; nothing to confirm");
        }
        requireAllowed(s.tenantId(), factor.method());
        Instant now = now();
        if (!TenantContext.as(s.tenantId(), () -> sentCodeMatches(s.tenantId(), s.employeeId(), factor, code, now))) {
            throw ValidationFailedException.of("code", "factors.sentCodeInvalid",
                    "is not the code we sent, or it has expired (codes live 5 minutes): enter the latest code, or ask for a new one");
        }
        return TenantContext.as(s.tenantId(), () -> transaction.execute(status -> {
            if (!store.confirmSent(s.tenantId(), s.employeeId(), id, now)) {
                throw new ConflictException("id", "factors.alreadyConfirmed", "this second factor is already set up; nothing to confirm");
            }
            List<String> codes = List.of();
            if (store.unusedRecoveryCodes(s.tenantId(), s.employeeId()) == 0) {
                codes = newRecoveryCodes(s, now);
            }
            EnrolledFactor done = store.find(s.tenantId(), s.employeeId(), id).orElseThrow();
            events.publishEvent(new IdentityEvents.SecondFactorEnrolled(s, id, factor.method().code(), done.label(), origin.ip(),
                    origin.userAgent()));
            return new Confirmed(done, codes);
        }));
    }

    /**
     * Whether {@code code} is the factor's current sent code: not expired, not used, within its attempts
     * (every check counts one, right or wrong). A match uses the code up.
     */
    private boolean sentCodeMatches(TenantId tenant, UUID employee, EnrolledFactor factor, String code, Instant now) {
        String typed = code.strip();
        if (typed.length() != 6 || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        var sent = store.currentCode(tenant, employee, factor.id());
        if (sent.isEmpty() || sent.get().usedAt() != null || !sent.get().expiresAt().isAfter(now)
                || !store.attemptCode(sent.get().id(), CODE_ATTEMPTS)) {
            return false;
        }
        String expected = box.openText(sent.get().sealed(), CODE_PURPOSE, sent.get().id().toString());
        if (!java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                typed.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return false;
        }
        return store.useCode(sent.get().id(), now);
    }

    /**
     * Registers a passkey in one transaction with its journal event: {@code ceremony} checks the browser's
     * credential and stores it (the store makes it a confirmed factor), and returns whose it became. The
     * person's first factor comes with recovery codes.
     */
    Confirmed registerPasskey(Subject s, java.util.function.Supplier<PasskeyStore.Owner> ceremony, RequestOrigin origin) {
        requireAllowed(s.tenantId(), FactorMethod.PASSKEY);
        return TenantContext.as(s.tenantId(), () -> transaction.execute(status -> {
            if (store.list(s.tenantId(), s.employeeId()).size() >= MAX_FACTORS) {
                throw new ConflictException("method", "factors.tooMany",
                        "you already have " + MAX_FACTORS + " second factors; remove one you no longer use first", MAX_FACTORS);
            }
            PasskeyStore.Owner owner = ceremony.get();
            if (!owner.employeeId().equals(s.employeeId()) || !owner.tenantId().equals(s.tenantId())) {
                throw new IllegalStateException("a passkey registered for someone else");
            }
            EnrolledFactor done = store.find(s.tenantId(), s.employeeId(), owner.factorId()).orElseThrow();
            List<String> codes = List.of();
            if (store.unusedRecoveryCodes(s.tenantId(), s.employeeId()) == 0) {
                codes = newRecoveryCodes(s, now());
            }
            events.publishEvent(new IdentityEvents.SecondFactorEnrolled(s, done.id(), FactorMethod.PASSKEY.code(), done.label(), origin.ip(),
                    origin.userAgent()));
            return new Confirmed(done, codes);
        }));
    }

    /** Whether the company lets a passkey sign in without the password, and allows passkeys at all. */
    boolean passkeySignIn(TenantId tenant) {
        SignInPolicy.TwoFactor policy = policies.of(tenant).twoFactor();
        return policy.passkeySignIn() && policy.methods().contains(FactorMethod.PASSKEY);
    }

    /** A passkey's factor counts (the company allows passkeys, the factor exists): for a sign-in or step-up by passkey. */
    boolean passkeyUsable(TenantId tenant, UUID employee, UUID factorId) {
        return usable(tenant, employee).stream().anyMatch(f -> f.id().equals(factorId) && f.method() == FactorMethod.PASSKEY);
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
        Locale language = language();
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
                if (f.method() == FactorMethod.PASSKEY) {
                    continue;
                }
                if (f.method().sent()) {
                    if (sentCodeMatches(tenant, employee, f, code, now)) {
                        store.used(tenant, employee, f.id(), now);
                        return new Verdict.Accepted(f.method());
                    }
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
