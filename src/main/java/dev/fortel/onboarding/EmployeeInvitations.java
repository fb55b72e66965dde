package dev.fortel.onboarding;

import dev.fortel.directory.EffectiveRoles;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.Activations;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives an employee a one-time link to choose their password, by e-mail to their login: right after creation,
 * again when they lost access, or as an administrator's password reset. Older unused links stop working.
 */
@Service
public class EmployeeInvitations {

    private final Employees employees;
    private final EffectiveRoles effectiveRoles;
    private final Activations activations;
    private final LinkAddresses links;
    private final LinkMails mails;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EmployeeInvitations(EffectiveRoles effectiveRoles, Employees employees, Activations activations, LinkAddresses links, LinkMails mails, ApplicationEventPublisher events,
            Clock clock) {
        this.effectiveRoles = effectiveRoles;
        this.employees = employees;
        this.activations = activations;
        this.links = links;
        this.mails = mails;
        this.events = events;
        this.clock = clock;
    }

    /** @param url the link, as mailed to the employee and shown to the issuer */
    public record Invitation(Employee employee, String token, String url, Instant expiresAt) {}

    /** @param mailedTo where the link went: the employee's login; the administrator never sees the link */
    public record Reset(Employee employee, String mailedTo, Instant expiresAt) {}

    /**
     * Issues a new activation link, mails it to the employee, and returns it to the issuer. For someone who has a
     * password it works as a reset once used, so the same guard as {@link #resetPassword} applies.
     */
    @Transactional
    public Invitation invite(Subject actor, UUID employeeId) {
        TenantId tenant = actor.tenantId();
        Employee e = mayReplacePassword(actor, employeeId);
        boolean hadPassword = activations.hasPassword(e);
        activations.withdraw(tenant, employeeId);
        String token = activations.issue(tenant, employeeId, Activations.ACTIVATION);
        Instant expires = clock.instant().plus(activations.lifetime(Activations.ACTIVATION));
        String url = links.activation(token);
        mails.send(hadPassword ? LinkMails.Kind.ACTIVATION : LinkMails.Kind.WELCOME, e, url, expires);
        events.publishEvent(new OnboardingEvents.EmployeeInvited(tenant, employeeId, e.login(), hadPassword));
        return new Invitation(e, token, url, expires);
    }

    /**
     * An administrator's password reset: the employee's password stops working, their console sessions and API
     * tokens end at once, and a single-use link to choose a new password ({@code fortel.password-reset-lifetime})
     * is mailed to their login. The administrator does not get the link: only the employee can use it.
     */
    @Transactional
    public Reset resetPassword(Subject actor, UUID employeeId) {
        TenantId tenant = actor.tenantId();
        Employee e = mayReplacePassword(actor, employeeId);
        activations.withdraw(tenant, employeeId);
        boolean hadPassword = activations.revokeAccess(e, "password_reset");
        String token = activations.issue(tenant, employeeId, Activations.RESET);
        Instant expires = clock.instant().plus(activations.lifetime(Activations.RESET));
        UUID message = mails.send(LinkMails.Kind.RESET_BY_ADMINISTRATOR, e, links.activation(token), expires);
        events.publishEvent(new OnboardingEvents.PasswordResetIssued(tenant, employeeId, e.login(), hadPassword, message));
        return new Reset(e, e.login(), expires);
    }

    /**
     * A link replaces the employee's password once used, so it is a password reset in the issuer's hands:
     * nobody may issue one for the company owner or the provider's operators, nor for anyone whose rights
     * exceed the issuer's own (an administrator cannot take over a security officer's account this way).
     */
    private Employee mayReplacePassword(Subject actor, UUID employeeId) {
        Employee e = employees.find(actor.tenantId(), employeeId).orElseThrow(() -> new NotFoundException("employee"));
        if (e.roles().contains(Role.OWNER) || e.roles().contains(Role.OPERATOR)) {
            throw ValidationFailedException.of("id", "invitation.protected",
                    "no activation link can be issued for the company owner or a provider operator");
        }
        if (activations.directoryAccount(e)) {
            throw ValidationFailedException.of("id", "invitation.directoryAccount",
                    "this employee signs in with the password of your company's directory; it is set and reset there, not in Fortel");
        }
        boolean exceeds = !actor.holdsAtLeast(effectiveRoles.grantsOf(e));
        if (exceeds) {
            throw ValidationFailedException.of("id", "invitation.exceeds",
                    "this employee has rights you do not have; ask the company owner to issue the link");
        }
        return e;
    }
}
