package dev.fortel.notification;

import dev.fortel.platform.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's "send a test message": a real mail through the outbox and the configured relay, answered with
 * its outcome (delivered, or the worded failure) once the attempt is over.
 */
@Service
public class TestMail {

    private static final Set<MessageStatus> WAITING = Set.of(MessageStatus.PENDING, MessageStatus.SENDING);

    private final Outbox outbox;
    private final MailSettings settings;
    private final MailDelivery delivery;
    private final MessageSource messages;
    private final NotificationProperties properties;
    private final TransactionTemplate transaction;

    TestMail(Outbox outbox, MailSettings settings, MailDelivery delivery, MessageSource messages, NotificationProperties properties,
            PlatformTransactionManager transactions) {
        this.outbox = outbox;
        this.settings = settings;
        this.delivery = delivery;
        this.messages = messages;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * @throws ConflictException when no relay is configured (the mail would only reach the local outbox)
     * @throws dev.fortel.platform.ValidationFailedException when {@code to} is not an e-mail address
     */
    public OutboxMessage send(String to, Locale locale) {
        MailServer relay = settings.current().orElseThrow(() -> new ConflictException("host", "mail.notConfigured",
                "no SMTP relay is configured; save the settings first"));
        String subject = messages.getMessage("mail.test.subject", null, "Fortel: test message", locale);
        String body = messages.getMessage("mail.test.body", new Object[] {relay.host(), Integer.toString(relay.port()), relay.security().code()},
                "This is a test message from Fortel.", locale);
        UUID id = dev.fortel.tenancy.TenantContext.asPlatform(() -> transaction.execute(status -> outbox.queue(
                new OutgoingMail(settings.providerId(), "test", to, subject, body))));
        delivery.deliver(id);
        // The sender thread, woken by the commit, may have taken the message first: wait for whichever attempt it was.
        Instant deadline = Instant.now().plus(properties.timeout().multipliedBy(3));
        OutboxMessage message = outbox.find(id).orElseThrow();
        while (WAITING.contains(message.status()) && message.attempts() == 0 && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(100));
            message = outbox.find(id).orElseThrow();
        }
        return message;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
