package dev.fortel.onboarding;

import dev.fortel.access.Role;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.EmployeeDraft;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.directory.Employees;
import dev.fortel.identity.Activations;
import dev.fortel.platform.FortelProperties;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantKind;
import dev.fortel.tenancy.Tenants;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On a server whose provider has no operator who can sign in yet, either creates the operator from the
 * bootstrap settings or prints a one-time setup link. The link is printed again (and older ones
 * withdrawn) at every start until someone has used one. No password is ever written to the log.
 */
@Component
@ConditionalOnWebApplication
class FirstStart {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final Tenants tenants;
    private final Employees employees;
    private final EmployeeDirectory directory;
    private final Activations activations;
    private final BootstrapProperties bootstrap;
    private final FortelProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    FirstStart(Tenants tenants, Employees employees, EmployeeDirectory directory, Activations activations, BootstrapProperties bootstrap,
            FortelProperties properties, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.tenants = tenants;
        this.employees = employees;
        this.directory = directory;
        this.activations = activations;
        this.bootstrap = bootstrap;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
    }

    @EventListener
    void onReady(ApplicationReadyEvent ready) {
        int port = ready.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : 8443;
        TenantContext.asPlatform(() -> transaction.executeWithoutResult(status -> run(properties.baseUrl(port))));
    }

    private void run(String baseUrl) {
        Tenant provider = tenants.provider().orElseGet(() -> tenants.create("Provider", TenantKind.PROVIDER));
        List<Employee> operators = employees.page(provider.id(), null, null, null, null, 10).stream()
                .filter(e -> e.roles().contains(Role.OPERATOR)).toList();
        if (bootstrap.adminEmail() != null && bootstrap.adminPassword() != null && !bootstrap.adminPassword().isEmpty()) {
            if (operators.stream().anyMatch(e -> e.login().equalsIgnoreCase(bootstrap.adminEmail()))) {
                return;
            }
            Employee operator = directory.createPrivileged(provider.id(), draft(bootstrap.adminEmail()));
            try {
                activations.setPassword(operator, bootstrap.adminPassword());
            } catch (dev.fortel.platform.ValidationFailedException e) {
                // Stop the start with the exact setting to fix; the password itself is never echoed.
                throw new IllegalStateException("FORTEL_BOOTSTRAP_ADMIN_PASSWORD is not accepted: it "
                        + e.violations().getFirst().message(), e);
            }
            events.publishEvent(new OnboardingEvents.OperatorBootstrapped(provider.id(), operator.id(), operator.login(), "configuration"));
            log.info("Created the provider operator {} from FORTEL_BOOTSTRAP_ADMIN_EMAIL and FORTEL_BOOTSTRAP_ADMIN_PASSWORD", operator.login());
            return;
        }
        if (operators.stream().anyMatch(activations::hasPassword)) {
            return;
        }
        Employee operator = operators.isEmpty() ? createOperator(provider) : operators.getFirst();
        activations.withdraw(provider.id(), operator.id());
        String token = activations.issue(provider.id(), operator.id(), Activations.SETUP);
        log.warn("""

                ====================================================================
                 Fortel first start: no provider operator can sign in yet.
                 Open this one-time link within {} to choose the operator's password
                 (sign-in login: {}):

                   {}/activate/{}

                 The link works once. Restarting the server prints a new one.
                ====================================================================""",
                properties.activationLifetime(), operator.login(), baseUrl, token);
    }

    private Employee createOperator(Tenant provider) {
        String login = bootstrap.adminEmail() != null ? bootstrap.adminEmail() : "operator@fortel.localhost";
        Employee operator = directory.createPrivileged(provider.id(), draft(login));
        events.publishEvent(new OnboardingEvents.OperatorBootstrapped(provider.id(), operator.id(), operator.login(), "setup_link"));
        return operator;
    }

    private static EmployeeDraft draft(String login) {
        return new EmployeeDraft(login, "Provider operator", null, null, Set.of(), null, EmployeeStatus.ACTIVE, null, Set.of(Role.OPERATOR));
    }
}
