package dev.fortel.identity.iprules;

import dev.fortel.access.Subject;
import dev.fortel.identity.IpRuleEvents;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.LocalizedMessage;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes a company's IP rules. Each change validates its input before touching anything, takes the
 * company's list lock, refuses a change that would refuse the editor's own current address for the
 * scopes their own request belongs to (no override: see docs/architecture.md), writes, and journals
 * before/after in the same transaction. The company's compiled rules are dropped from the cache when the
 * transaction commits.
 */
@Component
class IpRuleEditor {

    private final IpRules rules;
    private final IpAccess access;
    private final IpRulesProperties settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final dev.fortel.identity.StepUp stepUp;

    IpRuleEditor(IpRules rules, IpAccess access, IpRulesProperties settings, ApplicationEventPublisher events, Clock clock,
            dev.fortel.identity.StepUp stepUp) {
        this.stepUp = stepUp;
        this.rules = rules;
        this.access = access;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    IpRule create(Subject editor, IpRuleDraft draft) {
        stepUp.require(editor);
        IpRuleSettings s = draft.validate();
        TenantId tenant = editor.tenantId();
        Instant now = now();
        rules.lock(tenant, IpRules.ListKind.TENANT, now);
        List<IpRule> current = rules.all(tenant);
        if (current.size() >= settings.maxRules()) {
            throw ValidationFailedException.of("address", "ip_rule.tooMany",
                    "your company already has " + current.size() + " IP rules, the most allowed; combine addresses into ranges or delete rules first",
                    current.size());
        }
        refuseDuplicate(current, s, null);
        IpRule rule = new IpRule(tenant, UUID.randomUUID(), s.action(), s.range(), s.scope(), s.note(), editor.employeeId(),
                editor.displayName(), now, now);
        List<IpRule> after = new ArrayList<>(current);
        after.add(rule);
        refuseSelfLockout(editor, after, "address");
        rules.insert(rule);
        events.publishEvent(new IpRuleEvents.RuleCreated(tenant, rule.id(), rule.range().text(), rule.settings()));
        access.changed(tenant);
        return rule;
    }

    /** Applies {@code change} to the rule as a draft (a form's or a merge patch's fields) and saves the result. */
    @Transactional
    IpRule update(Subject editor, UUID id, UnaryOperator<IpRuleDraft> change) {
        stepUp.require(editor);
        TenantId tenant = editor.tenantId();
        IpRule found = rules.find(tenant, id).orElseThrow(IpRuleEditor::notFound);
        IpRuleSettings s = change.apply(IpRuleDraft.of(found)).validate();
        Instant now = now();
        rules.lock(tenant, IpRules.ListKind.TENANT, now);
        IpRule before = rules.find(tenant, id).orElseThrow(IpRuleEditor::notFound);
        if (before.settingsRecord().equals(s)) {
            return before;
        }
        List<IpRule> current = rules.all(tenant);
        refuseDuplicate(current, s, id);
        IpRule updated = before.with(s, now);
        List<IpRule> after = new ArrayList<>(current.stream().filter(r -> !r.id().equals(id)).toList());
        after.add(updated);
        refuseSelfLockout(editor, after, "address");
        rules.update(updated);
        events.publishEvent(new IpRuleEvents.RuleUpdated(tenant, id, updated.range().text(), before.settings(), updated.settings()));
        access.changed(tenant);
        return updated;
    }

    @Transactional
    void delete(Subject editor, UUID id) {
        stepUp.require(editor);
        TenantId tenant = editor.tenantId();
        rules.find(tenant, id).orElseThrow(IpRuleEditor::notFound);
        rules.lock(tenant, IpRules.ListKind.TENANT, now());
        IpRule before = rules.find(tenant, id).orElseThrow(IpRuleEditor::notFound);
        List<IpRule> after = rules.all(tenant).stream().filter(r -> !r.id().equals(id)).toList();
        refuseSelfLockout(editor, after, "id");
        rules.delete(tenant, id);
        events.publishEvent(new IpRuleEvents.RuleDeleted(tenant, id, before.range().text(), before.settings()));
        access.changed(tenant);
    }

    /**
     * The editor's own request must still be admitted by the rules as they would be: otherwise the change
     * would end their session or token at once and could lock the company's last administrator out, with
     * no way back but the provider editing the company's data.
     */
    private static void refuseSelfLockout(Subject editor, List<IpRule> after, String field) {
        String ip = RequestOrigin.current().ip();
        if (ip == null) {
            return;
        }
        Set<IpRuleScope> scopes = IpRuleScope.of(editor.grants().keySet(), viaApiToken(editor));
        Optional<Refusal> refused = IpAccess.refusal(new IpRuleSet(after), scopes, ip);
        if (refused.isPresent()) {
            Refusal r = refused.get();
            IpRuleScope refusing = r.scope();
            LocalizedMessage scope = (refusing == null ? IpRuleScope.EMPLOYEES : refusing).label();
            throw ValidationFailedException.of(field, "ip_rule.selfLockout",
                    "this change would refuse your own address " + r.ip() + " (the rules for " + scope.english() + "), ending your own access; "
                            + "make the change from an address the new rules allow, or first add an allow rule for " + r.ip(),
                    r.ip(), scope);
        }
    }

    private static void refuseDuplicate(List<IpRule> current, IpRuleSettings s, @Nullable UUID except) {
        boolean duplicate = current.stream().anyMatch(r -> !r.id().equals(except) && r.action() == s.action() && r.scope() == s.scope()
                && r.range().text().equals(s.range().text()));
        if (duplicate) {
            throw new ConflictException("address", "ip_rule.duplicate",
                    "your company already has this rule: " + s.action().code() + " " + s.range().text() + " for " + s.scope().code());
        }
    }

    static boolean viaApiToken(Subject s) {
        String ref = s.sessionRef();
        return ref != null && ref.startsWith("api:");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("IP rule");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
