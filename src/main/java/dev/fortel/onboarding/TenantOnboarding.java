package dev.fortel.onboarding;

import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.EmployeeDraft;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.identity.Activations;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantKind;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates a client company, its owner, and the owner's activation link, all in one transaction; the link is
 * mailed to the owner (through the outbox, so no company means no mail) and shown to the operator.
 */
@Service
public class TenantOnboarding {

    private final Tenants tenants;
    private final EmployeeDirectory directory;
    private final Activations activations;
    private final LinkAddresses links;
    private final LinkMails mails;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    TenantOnboarding(Tenants tenants, EmployeeDirectory directory, Activations activations, LinkAddresses links, LinkMails mails,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.tenants = tenants;
        this.directory = directory;
        this.activations = activations;
        this.links = links;
        this.mails = mails;
        this.clock = clock;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * @param activationToken the secret part of the owner's link, shown to the operator once
     * @param activationUrl the whole link, as mailed to the owner
     */
    public record Onboarded(Tenant tenant, Employee owner, String activationToken, String activationUrl) {}

    public Onboarded onboard(Subject operator, String name, String ownerEmail, @Nullable String ownerName) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 200) {
            throw ValidationFailedException.of("name", "tenant.name", "is required and must be at most 200 characters; give the company's name");
        }
        // Creating a tenant writes rows of a tenant that does not exist yet: platform scope, entered before
        // the transaction starts so the database connection carries it.
        return TenantContext.asPlatform(() -> transaction.execute(status -> {
            if (tenants.nameTaken(cleanName)) {
                throw new ConflictException("name", "tenant.nameTaken", "a company with this name already exists");
            }
            Tenant tenant = tenants.create(cleanName, TenantKind.CLIENT);
            String display = ownerName == null || ownerName.isBlank() ? defaultName(ownerEmail) : ownerName;
            Employee owner = directory.createPrivileged(tenant.id(), new EmployeeDraft(ownerEmail, display, null, null, Set.of(), null,
                    EmployeeStatus.ACTIVE, null, Set.of(Role.OWNER)));
            String token = activations.issue(tenant.id(), owner.id(), Activations.ACTIVATION);
            String url = links.activation(token);
            mails.send(LinkMails.Kind.WELCOME, owner, url, clock.instant().plus(activations.lifetime(Activations.ACTIVATION)));
            events.publishEvent(new OnboardingEvents.OwnerInvited(tenant.id(), owner.id(), owner.login(), operator.login()));
            return new Onboarded(tenant, owner, token, url);
        }));
    }

    static String defaultName(@Nullable String email) {
        if (email == null || !email.contains("@")) {
            return email == null || email.isBlank() ? "Owner" : email;
        }
        return email.substring(0, email.indexOf('@'));
    }
}
