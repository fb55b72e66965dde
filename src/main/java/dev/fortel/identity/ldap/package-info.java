/**
 * A company's LDAP / Active Directory: the connection (LDAPS, or StartTLS on {@code ldap://}; never plain LDAP), the
 * attribute and group-to-role mapping, synchronization of employees from the directory, and sign-in by bind for the
 * employees it links. The LDAP protocol, TLS and filter escaping (RFC 4515) are the UnboundID LDAP SDK's; nothing
 * here builds a filter or a DN from strings.
 */
@NullMarked
package dev.fortel.identity.ldap;

import org.jspecify.annotations.NullMarked;
