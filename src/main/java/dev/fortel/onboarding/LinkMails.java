package dev.fortel.onboarding;

import dev.fortel.directory.Employee;
import dev.fortel.notification.Outbox;
import dev.fortel.notification.OutgoingMail;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.Tenants;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Mails a person their one-time link, through the outbox, in the caller's transaction. The text is in the
 * language of the request that causes it (Russian unless that request is in English, as the console does); it
 * carries the link and never a password.
 */
@Component
class LinkMails {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** What the mail is for; the codes are the outbox's kinds. */
    enum Kind {
        WELCOME("welcome", "mail.welcome"),
        ACTIVATION("activation", "mail.activation"),
        RESET_BY_ADMINISTRATOR("password_reset", "mail.reset.admin"),
        RESET_REQUESTED("password_reset", "mail.reset.self");

        final String code;
        final String keys;

        Kind(String code, String keys) {
            this.code = code;
            this.keys = keys;
        }
    }

    private final Outbox outbox;
    private final Tenants tenants;
    private final MessageSource messages;

    LinkMails(Outbox outbox, Tenants tenants, MessageSource messages) {
        this.outbox = outbox;
        this.tenants = tenants;
        this.messages = messages;
    }

    UUID send(Kind kind, Employee to, String url, Instant expiresAt) {
        Locale language = language(LocaleContextHolder.getLocale());
        String company = tenants.find(to.tenantId()).map(Tenant::name).orElse("Fortel");
        Object[] args = {to.displayName(), company, to.login(), WHEN.format(expiresAt), url};
        String subject = messages.getMessage(kind.keys + ".subject", args, language);
        String body = messages.getMessage(kind.keys + ".body", args, language);
        return outbox.queue(new OutgoingMail(to.tenantId(), kind.code, to.login(), subject, body));
    }

    /** Russian or English: English when the request asked for it, Russian otherwise (the console's default). */
    static Locale language(Locale requested) {
        return "en".equals(requested.getLanguage()) ? Locale.ENGLISH : Locale.forLanguageTag("ru");
    }
}
