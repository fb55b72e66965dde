/**
 * SAML 2.0 single sign-on, per company: Fortel is the service provider and the company's identity provider signs its
 * people in (SP-initiated over HTTP-Redirect with a signed AuthnRequest, or IdP-initiated over HTTP-POST).
 *
 * <p>No XML signature or SAML check is written here: OneLogin's {@code java-saml-core} (on Apache Santuario) parses the
 * response with DTDs off, verifies the signature against the IdP's certificates only, refuses signature wrapping and
 * checks audience, recipient, destination, validity and {@code InResponseTo}. What this package adds is what the
 * library leaves to its user: the companies' settings and keys, the memory of requests sent (so an answer to a request
 * Fortel never made, or made for another company, fails) and of assertions consumed (so a replay fails), and the
 * mapping of an assertion onto an employee.
 */
@org.jspecify.annotations.NullMarked
package dev.fortel.identity.saml;
