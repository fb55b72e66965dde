/**
 * IP rules: each company's allow- and deny-list of IPv4/IPv6 addresses and CIDR ranges, each rule for one
 * scope (administrators, all employees, API tokens), and the provider-wide deny-list that applies to every
 * company. {@link dev.fortel.identity.iprules.IpAccess} answers "may this address sign in or call the API
 * for this account" from compiled, cached rule sets; the sign-in path and the request filters of
 * {@code identity} ask it before any password is checked and on every authenticated request. Changes go
 * through editors that validate strictly, refuse a change that would lock the editor out, and journal
 * before/after in the same transaction. The API and console adapters live here too, beside the
 * package-private editors they drive.
 */
@NullMarked
package dev.fortel.identity.iprules;

import org.jspecify.annotations.NullMarked;
