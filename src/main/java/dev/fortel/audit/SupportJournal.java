package dev.fortel.audit;

import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.supportaccess.SupportAccess;
import dev.fortel.supportaccess.SupportEvents;
import dev.fortel.supportaccess.SupportPolicy;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Support access in the journals: each step in the client company's journal, in the transaction that takes it, and a
 * copy in the provider's journal once that transaction commits (the provider's company is another tenant, which the
 * client's transaction cannot write to). The requests an agent makes under a grant are {@code support.action} events.
 */
@Component
class SupportJournal {

    private final Journal journal;
    private final TransactionTemplate separate;

    SupportJournal(Journal journal, PlatformTransactionManager transactions) {
        this.journal = journal;
        // After commit the finished transaction's connection is still bound, with the company's tenant setting: the
        // provider's copy needs a transaction (and connection) of its own.
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    void on(SupportEvents.Requested e) {
        company(e.company(), JournalTypes.SUPPORT_REQUESTED, Outcome.SUCCESS, e.grant(), e.agent(), requested(e));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void copy(SupportEvents.Requested e) {
        Map<String, Object> d = requested(e);
        d.put("company", e.company().toString());
        provider(e.provider(), JournalTypes.SUPPORT_REQUESTED, Outcome.SUCCESS, e.grant(), e.agent(), d);
    }

    @EventListener
    void on(SupportEvents.Approved e) {
        company(e.company(), JournalTypes.SUPPORT_APPROVED, Outcome.SUCCESS, e.grant(), e.agent(), approved(e));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void copy(SupportEvents.Approved e) {
        Map<String, Object> d = approved(e);
        d.put("company", e.company().toString());
        provider(e.provider(), JournalTypes.SUPPORT_APPROVED, Outcome.SUCCESS, e.grant(), e.agent(), d);
    }

    @EventListener
    void on(SupportEvents.Denied e) {
        company(e.company(), JournalTypes.SUPPORT_DENIED, Outcome.FAILURE, e.grant(), e.agent(), ended(e.note(), e.automatic(), null));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void copy(SupportEvents.Denied e) {
        provider(e.provider(), JournalTypes.SUPPORT_DENIED, Outcome.FAILURE, e.grant(), e.agent(), ended(e.note(), e.automatic(), e.company()));
    }

    @EventListener
    void on(SupportEvents.Revoked e) {
        company(e.company(), JournalTypes.SUPPORT_REVOKED, Outcome.SUCCESS, e.grant(), e.agent(), ended(e.note(), false, null));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void copy(SupportEvents.Revoked e) {
        provider(e.provider(), JournalTypes.SUPPORT_REVOKED, Outcome.SUCCESS, e.grant(), e.agent(), ended(e.note(), false, e.company()));
    }

    @EventListener
    void on(SupportEvents.Expired e) {
        company(e.company(), JournalTypes.SUPPORT_EXPIRED, Outcome.SUCCESS, e.grant(), e.agent(), Map.of("expired_at", e.expiredAt().toString()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void copy(SupportEvents.Expired e) {
        provider(e.provider(), JournalTypes.SUPPORT_EXPIRED, Outcome.SUCCESS, e.grant(), e.agent(),
                Map.of("expired_at", e.expiredAt().toString(), "company", e.company().toString()));
    }

    /** After the request: the draft carries the support mark of the agent acting (see {@link Journal.Draft}). */
    @EventListener
    void on(SupportEvents.Acted e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", e.method());
        d.put("path", e.path());
        d.put("status", e.status());
        journal.append(new Journal.Draft(e.company(), JournalTypes.SUPPORT_ACTION, e.status() < 400 ? Outcome.SUCCESS : Outcome.FAILURE,
                JournalRecorder.currentActor(), new Target("support_grant", e.grant().toString(), null), d));
    }

    @EventListener
    void on(SupportAccess.PolicyChanged e) {
        journal.append(new Journal.Draft(e.company(), JournalTypes.SUPPORT_POLICY_CHANGED, Outcome.SUCCESS, JournalRecorder.currentActor(), Target.NONE,
                Map.of("before", policy(e.before()), "after", policy(e.after()))));
    }

    private static Map<String, Object> policy(SupportPolicy p) {
        return Map.of("mode", p.mode().code(), "auto_functions", p.autoFunctions().stream().map(dev.fortel.access.Permission::code).toList(),
                "max_minutes", p.maxMinutes());
    }

    private static Map<String, Object> requested(SupportEvents.Requested e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("agent_id", e.agentId().toString());
        d.put("reason", e.reason());
        d.put("ticket", e.ticket());
        d.put("functions", e.functions());
        d.put("minutes", e.minutes());
        return d;
    }

    private static Map<String, Object> approved(SupportEvents.Approved e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("functions", e.functions());
        d.put("expires_at", e.expiresAt().toString());
        d.put("narrowed", e.narrowed());
        d.put("automatic", e.automatic());
        return d;
    }

    private static Map<String, Object> ended(@Nullable String note, boolean automatic, @Nullable TenantId company) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("note", note);
        d.put("automatic", automatic);
        if (company != null) {
            d.put("company", company.toString());
        }
        return d;
    }

    private void company(TenantId company, String type, Outcome outcome, java.util.UUID grant, String agent, Map<String, ?> details) {
        journal.append(new Journal.Draft(company, type, outcome, JournalRecorder.currentActor(), new Target("support_grant", grant.toString(), agent),
                details));
    }

    private void provider(TenantId provider, String type, Outcome outcome, java.util.UUID grant, String agent, Map<String, ?> details) {
        TenantContext.as(provider, () -> separate.executeWithoutResult(tx -> journal.append(new Journal.Draft(provider, type, outcome,
                JournalRecorder.currentActor(), new Target("support_grant", grant.toString(), agent), details))));
    }
}
