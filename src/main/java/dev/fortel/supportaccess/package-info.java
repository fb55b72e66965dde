/**
 * Support access authorized by the client. A provider's support agent sees nothing inside a client company until
 * the company approves a request (reason, ticket, functions, duration), possibly narrowed; the approval is a
 * time-boxed grant the company can revoke at any moment. While it is in force the agent acts inside the company with
 * exactly the granted functions ({@link dev.fortel.access.Subject#support}), every request re-checks the grant, and
 * every action lands in the company's journal marked with the grant. A company may instead refuse support outright
 * or approve read-only functions at once (its standing policy). Requests, decisions, revocations and expiries are
 * journaled in the company's journal and in the provider's.
 */
@NullMarked
package dev.fortel.supportaccess;

import org.jspecify.annotations.NullMarked;
