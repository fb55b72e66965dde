package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.platform.ValidationFailedException;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing a company's sign-in settings: all rules are checked on the whole result (a change is judged
 * with the settings it will live with), nothing is stored unless every rule holds, and the change is
 * journaled field by field, before and after, in the same transaction.
 */
@Service
class SecuritySettings {

    private final SignInPolicies policies;
    private final ApplicationEventPublisher events;
    private final StepUp stepUp;

    SecuritySettings(SignInPolicies policies, ApplicationEventPublisher events, StepUp stepUp) {
        this.policies = policies;
        this.events = events;
        this.stepUp = stepUp;
    }

    SignInPolicy current(Subject actor) {
        return policies.of(actor.tenantId());
    }

    /** @throws ValidationFailedException listing every broken rule; the stored settings are then unchanged */
    @Transactional
    SignInPolicy change(Subject actor, SignInPolicy proposed) {
        stepUp.require(actor);
        List<ValidationFailedException.Violation> broken = proposed.violations();
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        SignInPolicy before = policies.of(actor.tenantId());
        Map<String, Object[]> changes = SignInPolicy.changes(before, proposed);
        if (!changes.isEmpty()) {
            policies.save(actor.tenantId(), proposed);
            events.publishEvent(new IdentityEvents.SignInPolicyChanged(actor.tenantId(), changes));
        }
        return proposed;
    }
}
