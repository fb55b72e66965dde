package dev.fortel.identity.iprules;

import dev.fortel.access.Subject;
import dev.fortel.identity.IpRuleEvents;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes the provider-wide deny-list: the provider's operators only (callers check {@code tenants.manage}).
 * The list is platform data, so each change runs in a transaction under {@link TenantContext#asPlatform}
 * (on PostgreSQL only that marker may write the table) and is journaled in the provider's journal, with
 * before/after, in the same transaction. An entry that would refuse the operator's own address is refused.
 */
@Component
class DenyListEditor {

    private final IpRules rules;
    private final IpAccess access;
    private final IpRulesProperties settings;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DenyListEditor(IpRules rules, IpAccess access, IpRulesProperties settings, Tenants tenants, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock) {
        this.rules = rules;
        this.access = access;
        this.settings = settings;
        this.tenants = tenants;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    List<DenyEntry> all() {
        return TenantContext.asPlatform(() -> rules.denyList());
    }

    Optional<DenyEntry> find(UUID id) {
        return TenantContext.asPlatform(() -> rules.findDenied(id));
    }

    DenyEntry create(Subject operator, @Nullable String address, @Nullable String note) {
        IpRange range = validate(address, note);
        String n = IpRuleDraft.note("note", note);
        return inPlatformTransaction(() -> {
            TenantId provider = providerId();
            Instant now = now();
            rules.lock(provider, IpRules.ListKind.PROVIDER_DENY, now);
            List<DenyEntry> current = rules.denyList();
            if (current.size() >= settings.maxRules()) {
                throw ValidationFailedException.of("address", "ip_deny.tooMany",
                        "the deny-list already has " + current.size() + " entries, the most allowed; combine addresses into ranges or remove entries first",
                        current.size());
            }
            refuseDuplicate(current, range, null);
            DenyEntry entry = new DenyEntry(UUID.randomUUID(), range, n, operator.employeeId(), operator.displayName(), now, now);
            List<DenyEntry> after = new ArrayList<>(current);
            after.add(entry);
            refuseSelfLockout(after, "address");
            rules.insert(entry);
            events.publishEvent(new IpRuleEvents.DenyEntryCreated(provider, entry.id(), range.text(), entry.settings()));
            access.denyListChanged();
            return entry;
        });
    }

    /** {@code address} or {@code note} left {@code null} keep their value; {@code clearNote} removes the note. */
    DenyEntry update(UUID id, @Nullable String address, @Nullable String note, boolean clearNote) {
        DenyEntry found = find(id).orElseThrow(DenyListEditor::notFound);
        String newAddress = address == null ? found.range().text() : address;
        String newNote = clearNote ? null : note == null ? found.note() : note;
        IpRange range = validate(newAddress, newNote);
        String n = IpRuleDraft.note("note", newNote);
        return inPlatformTransaction(() -> {
            TenantId provider = providerId();
            Instant now = now();
            rules.lock(provider, IpRules.ListKind.PROVIDER_DENY, now);
            DenyEntry before = rules.findDenied(id).orElseThrow(DenyListEditor::notFound);
            if (before.range().text().equals(range.text()) && java.util.Objects.equals(before.note(), n)) {
                return before;
            }
            List<DenyEntry> current = rules.denyList();
            refuseDuplicate(current, range, id);
            DenyEntry updated = new DenyEntry(id, range, n, before.createdBy(), before.createdByName(), before.createdAt(), now);
            List<DenyEntry> after = new ArrayList<>(current.stream().filter(e -> !e.id().equals(id)).toList());
            after.add(updated);
            refuseSelfLockout(after, "address");
            rules.update(updated);
            events.publishEvent(new IpRuleEvents.DenyEntryUpdated(provider, id, range.text(), before.settings(), updated.settings()));
            access.denyListChanged();
            return updated;
        });
    }

    void delete(UUID id) {
        inPlatformTransaction(() -> {
            TenantId provider = providerId();
            rules.findDenied(id).orElseThrow(DenyListEditor::notFound);
            rules.lock(provider, IpRules.ListKind.PROVIDER_DENY, now());
            DenyEntry before = rules.findDenied(id).orElseThrow(DenyListEditor::notFound);
            rules.deleteDenied(id);
            events.publishEvent(new IpRuleEvents.DenyEntryDeleted(provider, id, before.range().text(), before.settings()));
            access.denyListChanged();
            return before;
        });
    }

    /** Checks address and note together, so a form shows every problem at once. */
    private static IpRange validate(@Nullable String address, @Nullable String note) {
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        IpRange range = null;
        try {
            range = IpRange.parse("address", address);
        } catch (ValidationFailedException e) {
            problems.addAll(e.violations());
        }
        try {
            IpRuleDraft.note("note", note);
        } catch (ValidationFailedException e) {
            problems.addAll(e.violations());
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        return range;
    }

    /** The operator's own request must not be refused by the list as it would be. */
    private static void refuseSelfLockout(List<DenyEntry> after, String field) {
        String ip = RequestOrigin.current().ip();
        if (ip == null) {
            return;
        }
        Optional<Refusal> refused = IpAccess.refusal(new DenyList(after), ip);
        if (refused.isPresent()) {
            String own = refused.get().ip();
            throw ValidationFailedException.of(field, "ip_deny.selfLockout",
                    "this entry covers your own address " + own + ", so it would end your own access; make the change from another address",
                    own);
        }
    }

    private static void refuseDuplicate(List<DenyEntry> current, IpRange range, @Nullable UUID except) {
        if (current.stream().anyMatch(e -> !e.id().equals(except) && e.range().text().equals(range.text()))) {
            throw new ConflictException("address", "ip_deny.duplicate", range.text() + " is already on the deny-list");
        }
    }

    private <T> T inPlatformTransaction(Supplier<T> work) {
        return TenantContext.asPlatform(() -> transaction.execute(status -> work.get()));
    }

    private TenantId providerId() {
        return tenants.provider().orElseThrow(() -> new IllegalStateException("no provider tenant")).id();
    }

    private static NotFoundException notFound() {
        return new NotFoundException("deny-list entry");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
