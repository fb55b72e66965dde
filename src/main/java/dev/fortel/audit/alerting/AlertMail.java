package dev.fortel.audit.alerting;

import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalTypes;
import dev.fortel.notification.Outbox;
import dev.fortel.notification.OutgoingMail;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes alert mail, in Russian and then English (the recipients are addresses, not people whose language we know).
 * The first event of a kind for a company is mailed at once; further ones within {@code fortel.alerts.group-window}
 * are held and sent as one summary when the window ends. Held summaries live in memory: a restart inside a window
 * loses at most that window's summary, never the journal events it summarizes.
 */
@Service
public class AlertMail {

    private static final JsonMapper DETAILS = JsonMapper.builder().build();

    private static final Locale RU = Locale.forLanguageTag("ru");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int LINES_PER_SUMMARY = 50;

    private final AlertSettings settings;
    private final Outbox outbox;
    private final Tenants tenants;
    private final MessageSource messages;
    private final Clock clock;
    private final Duration window;
    private final TransactionTemplate transactions;
    private final Map<Key, Burst> bursts = new HashMap<>();

    /** A burst per subject, not per kind: a new country is not folded into a summary of new addresses. */
    private record Key(TenantId tenant, AlertKind kind, String subject) {}

    private static final class Burst {
        Instant until;
        int held;
        final List<String[]> lines = new ArrayList<>();

        Burst(Instant until) {
            this.until = until;
        }
    }

    AlertMail(AlertSettings settings, Outbox outbox, Tenants tenants, MessageSource messages, Clock clock,
            @Value("${fortel.alerts.group-window:5m}") Duration window, PlatformTransactionManager transactionManager) {
        this.settings = settings;
        this.outbox = outbox;
        this.tenants = tenants;
        this.messages = messages;
        this.clock = clock;
        this.window = window;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Mails what this committed event calls for, in the caller's transaction: a watched employee's sign-in, VIP data
     * access, an account lock. Alerts raised by rules come through {@link #alert}.
     */
    public synchronized void observe(JournalEntry e) {
        AlertKind kind = switch (e.type()) {
            case JournalTypes.SIGN_IN_SUCCEEDED -> e.actor().id() != null && settings.watched(e.tenantId()).contains(e.actor().id())
                    ? AlertKind.WATCHED_SIGN_IN : null;
            case JournalTypes.VIP_DATA_ACCESSED -> AlertKind.VIP_ACCESS;
            case JournalTypes.ACCOUNT_LOCKED -> AlertKind.ACCOUNT_LOCKED;
            case JournalTypes.SUPPORT_REQUESTED -> AlertKind.SUPPORT_ACCESS;
            case JournalTypes.SUPPORT_APPROVED -> e.details().contains("\"automatic\":true") ? AlertKind.SUPPORT_ACCESS : null;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        if (kind == AlertKind.SUPPORT_ACCESS) {
            // Who asks is the agent (the event's target); the subject says whether a decision is waiting.
            String agent = String.valueOf(e.target().name());
            String subject = e.type().equals(JournalTypes.SUPPORT_REQUESTED) ? "support_requested" : "support_approved";
            notify(kind, subject, e.tenantId(), agent, "", agent, "", eventFacts(e, RU), eventFacts(e, Locale.ENGLISH), line(e, RU), line(e, Locale.ENGLISH));
            return;
        }
        String who = kind == AlertKind.ACCOUNT_LOCKED ? String.valueOf(e.target().name()) : String.valueOf(e.actor().name());
        notify(kind, kind.code(), e.tenantId(), who, "", who, "", eventFacts(e, RU), eventFacts(e, Locale.ENGLISH), line(e, RU), line(e, Locale.ENGLISH));
    }

    /** Mails an alert a rule raised (to the alert owner's recipients), in the caller's transaction. */
    public synchronized void alert(TenantId owner, String ruleFile, String rule, String titleRu, String titleEn, String level, Map<String, String> group,
            int matches, JournalEntry trigger) {
        AlertKind kind = ruleFile.equals("administrator-new-address") ? AlertKind.ADMIN_NEW_ADDRESS : AlertKind.CORRELATION;
        Map<String, String> ru = alertFacts(titleRu, level, group, matches, RU);
        ru.putAll(eventFacts(trigger, RU));
        Map<String, String> en = alertFacts(titleEn, level, group, matches, Locale.ENGLISH);
        en.putAll(eventFacts(trigger, Locale.ENGLISH));
        String actor = String.valueOf(trigger.actor().name());
        if (kind == AlertKind.CORRELATION) {
            notify(kind, "correlation", owner, titleRu, titleRu, titleEn, titleEn, ru, en, titleRu + " · " + line(trigger, RU),
                    titleEn + " · " + line(trigger, Locale.ENGLISH));
            return;
        }
        // The same kind (and recipients) for a new address and a new country; the subject names which it was.
        String country = country(DETAILS.readTree(trigger.details()));
        boolean byCountry = rule.equals("administrator_new_country") && country != null;
        String whereRu = byCountry ? countryName(country, RU) : String.valueOf(trigger.actor().ip());
        String whereEn = byCountry ? countryName(country, Locale.ENGLISH) : String.valueOf(trigger.actor().ip());
        notify(kind, byCountry ? "admin_new_country" : "admin_new_address", owner, actor, whereRu, actor, whereEn, ru, en,
                titleRu + " · " + line(trigger, RU), titleEn + " · " + line(trigger, Locale.ENGLISH));
    }

    private static @Nullable String country(JsonNode details) {
        JsonNode country = details.get("country");
        return country != null && country.isString() ? country.asString() : null;
    }

    /** "Germany (DE)": the name in the mail's language, the code as the journal and the SIEM hold it. */
    private static String countryName(String code, Locale l) {
        String name = Locale.of("", code).getDisplayCountry(l);
        return name.isEmpty() || name.equals(code) ? code : name + " (" + code + ")";
    }

    /** {@code subject} names the subject's message ({@code alert.mail.subject.<subject>}, args: who, where, company). */
    private void notify(AlertKind kind, String subject, TenantId tenant, String whoRu, String whereRu, String whoEn, String whereEn, Map<String, String> factsRu,
            Map<String, String> factsEn, String lineRu, String lineEn) {
        List<String> to = settings.recipients(tenant, kind);
        if (to.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Key key = new Key(tenant, kind, subject);
        Burst burst = bursts.get(key);
        if (burst != null && now.isBefore(burst.until)) {
            burst.held++;
            if (burst.lines.size() < LINES_PER_SUMMARY) {
                burst.lines.add(new String[] {lineRu, lineEn});
            }
            return;
        }
        bursts.put(key, new Burst(now.plus(window)));
        String company = tenants.find(tenant).map(t -> t.name()).orElse("Fortel");
        Object[] args = {whoRu, whereRu, company};
        Object[] argsEn = {whoEn, whereEn, company};
        String title = "Fortel: " + text("alert.mail.subject." + subject, args, RU) + " / " + text("alert.mail.subject." + subject, argsEn, Locale.ENGLISH);
        String body = body(company, factsRu, RU) + "\n\n----- English -----\n\n" + body(company, factsEn, Locale.ENGLISH);
        for (String recipient : to) {
            outbox.queue(new OutgoingMail(tenant, "alert_" + kind.code(), recipient, title, body));
        }
    }

    /** Sends the summaries whose window has ended, each in its own transaction. */
    @Scheduled(fixedDelayString = "${fortel.alerts.flush-interval:10s}", initialDelayString = "${fortel.alerts.flush-interval:10s}")
    public void flush() {
        Map<Key, Burst> due = new LinkedHashMap<>();
        synchronized (this) {
            Instant now = clock.instant();
            Iterator<Map.Entry<Key, Burst>> it = bursts.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Burst> e = it.next();
                if (!now.isBefore(e.getValue().until)) {
                    it.remove();
                    if (e.getValue().held > 0) {
                        due.put(e.getKey(), e.getValue());
                        // The flood goes on: what follows is held for one more window rather than mailed one by one.
                        bursts.put(e.getKey(), new Burst(now.plus(window)));
                    }
                }
            }
        }
        due.forEach((key, burst) -> TenantContext.as(key.tenant(), () -> transactions.executeWithoutResult(s -> summary(key, burst))));
    }

    private void summary(Key key, Burst burst) {
        List<String> to = settings.recipients(key.tenant(), key.kind());
        if (to.isEmpty()) {
            return;
        }
        String company = tenants.find(key.tenant()).map(t -> t.name()).orElse("Fortel");
        Object[] args = {burst.held, text("alert.kind." + key.kind().code(), new Object[0], RU), company};
        Object[] argsEn = {burst.held, text("alert.kind." + key.kind().code(), new Object[0], Locale.ENGLISH), company};
        String subject = "Fortel: " + text("alert.mail.summary.subject", args, RU) + " / " + text("alert.mail.summary.subject", argsEn, Locale.ENGLISH);
        StringBuilder body = new StringBuilder();
        body.append(text("alert.mail.summary.body", args, RU)).append("\n\n");
        burst.lines.forEach(l -> body.append("• ").append(l[0]).append('\n'));
        if (burst.held > burst.lines.size()) {
            body.append(text("alert.mail.summary.more", new Object[] {burst.held - burst.lines.size()}, RU)).append('\n');
        }
        body.append("\n----- English -----\n\n").append(text("alert.mail.summary.body", argsEn, Locale.ENGLISH)).append("\n\n");
        burst.lines.forEach(l -> body.append("• ").append(l[1]).append('\n'));
        if (burst.held > burst.lines.size()) {
            body.append(text("alert.mail.summary.more", new Object[] {burst.held - burst.lines.size()}, Locale.ENGLISH)).append('\n');
        }
        for (String recipient : to) {
            outbox.queue(new OutgoingMail(key.tenant(), "alert_" + key.kind().code() + "_summary", recipient, subject, body.toString()));
        }
    }

    private Map<String, String> eventFacts(JournalEntry e, Locale l) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(text("alert.mail.field.time", new Object[0], l), WHEN.format(e.time()));
        f.put(text("alert.mail.field.event", new Object[0], l), text("event." + e.type(), new Object[0], l) + " (" + e.type() + ")");
        f.put(text("alert.mail.field.actor", new Object[0], l), String.valueOf(e.actor().name()));
        if (e.actor().ip() != null) {
            f.put(text("alert.mail.field.address", new Object[0], l), e.actor().ip());
        }
        // Parsed once for the facts that come from the details.
        JsonNode details = DETAILS.readTree(e.details());
        String country = country(details);
        if (country != null) {
            f.put(text("alert.mail.field.country", new Object[0], l), countryName(country, l));
        }
        if (e.actor().userAgent() != null) {
            f.put(text("alert.mail.field.client", new Object[0], l), e.actor().userAgent());
        }
        if (e.target().name() != null) {
            f.put(text("alert.mail.field.target", new Object[0], l), e.target().name());
        }
        JsonNode reason = details.get("reason");
        if (reason != null && reason.isString()) {
            f.put(text("alert.mail.field.reason", new Object[0], l), reason.asString());
        }
        f.put(text("alert.mail.field.journal", new Object[0], l), "#" + e.seq() + " · " + e.id());
        return f;
    }

    private Map<String, String> alertFacts(String title, String level, Map<String, String> group, int matches, Locale l) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(text("alert.mail.field.rule", new Object[0], l), title);
        f.put(text("alert.mail.field.level", new Object[0], l), text("alert.level." + level, new Object[0], l));
        if (!group.isEmpty()) {
            f.put(text("alert.mail.field.group", new Object[0], l), String.join(", ", group.entrySet().stream().map(g -> g.getKey() + " = " + g.getValue()).toList()));
        }
        if (matches > 1) {
            f.put(text("alert.mail.field.count", new Object[0], l), Integer.toString(matches));
        }
        return f;
    }

    private String body(String company, Map<String, String> facts, Locale l) {
        StringBuilder b = new StringBuilder(text("alert.mail.intro", new Object[] {company}, l)).append("\n\n");
        facts.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        b.append('\n').append(text("alert.mail.outro", new Object[0], l));
        return b.toString();
    }

    private String line(JournalEntry e, Locale l) {
        return WHEN.format(e.time()) + " · " + text("event." + e.type(), new Object[0], l) + " · " + e.actor().name()
                + (e.actor().ip() == null ? "" : " · " + e.actor().ip());
    }

    private String text(String key, Object[] args, Locale l) {
        return messages.getMessage(key, args, key, l);
    }

    /** For tests: forget held summaries. */
    public synchronized void forget() {
        bursts.clear();
    }
}
