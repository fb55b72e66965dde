package dev.fortel.identity;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Journals the end of temporary sign-in locks that ran out while nobody tried again. */
@Component
class ExpiredLocks {

    private final GuessingProtection guards;

    ExpiredLocks(GuessingProtection guards) {
        this.guards = guards;
    }

    @Scheduled(fixedDelayString = "${fortel.account-expiry-check:PT1M}", initialDelayString = "${fortel.account-expiry-check:PT1M}")
    void scheduled() {
        guards.endExpiredLocks();
    }
}
