/**
 * E-mail alerts from the security journal: every sign-in of employees a company chose to watch, access to VIP
 * subscribers' data, account locks, an administrator signing in from a new address, and the alerts correlation rules
 * raise. Each kind goes to its own recipients. A burst is grouped: the first event of a kind is mailed at once, what
 * follows within the grouping window goes out as one summary when the window ends, so an attack fills one mail and
 * not an inbox. Mail leaves through the transactional outbox, written in the transaction that moves the analysis on.
 */
@NullMarked
package dev.fortel.audit.alerting;

import org.jspecify.annotations.NullMarked;
