package dev.fortel.notification;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs {@link MailDelivery} on one background thread of its own: right after a transaction that queued mail
 * commits, and every {@code fortel.mail.poll-interval} for retries and for mail queued on other nodes. Never on a
 * request's thread, so no answer waits for (or reveals anything through the timing of) a mail server. Only when
 * serving: a command-line run sends nothing.
 */
@Component
@ConditionalOnWebApplication
class DeliveryScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryScheduler.class);

    private final MailDelivery delivery;
    private final NotificationProperties properties;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fortel-mail-sender");
        t.setDaemon(true);
        return t;
    });
    /** Set while a wake-up run is waiting, so a burst of commits asks for one run, not one each. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    DeliveryScheduler(MailDelivery delivery, NotificationProperties properties) {
        this.delivery = delivery;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long interval = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::run, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** After the commit that made the mail exist; before it, the sender could not see it (and must not send it). */
    @TransactionalEventListener
    void on(NotificationEvents.MailQueued queued) {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    wakeQueued.set(false);
                    run();
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // The server is stopping; the mail waits in the outbox for the next start.
                wakeQueued.set(false);
            }
        }
    }

    private void run() {
        try {
            delivery.deliverDue();
        } catch (RuntimeException e) {
            // The next run tries again; a failure here must not end the schedule.
            log.error("The mail sender failed; it retries at its next run", e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
