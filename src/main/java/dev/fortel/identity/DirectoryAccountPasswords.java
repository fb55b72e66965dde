package dev.fortel.identity;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removes the stored password of an employee the moment their company's directory takes them over, in the same
 * transaction: from then on only the directory's password works, and an old one kept here could not be changed or
 * expired by the company's directory policy.
 */
@Component
class DirectoryAccountPasswords {

    private final Credentials credentials;

    DirectoryAccountPasswords(Credentials credentials) {
        this.credentials = credentials;
    }

    @EventListener
    void on(CorporateSignInEvents.AccountLinked linked) {
        credentials.delete(linked.tenantId(), linked.employeeId());
    }
}
