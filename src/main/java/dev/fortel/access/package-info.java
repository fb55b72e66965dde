/**
 * The access model and its decision point: the function catalog ({@link dev.fortel.access.Permission}), each company's
 * roles (built-ins it may customize and reset, and roles of its own: {@link dev.fortel.access.RoleBook},
 * {@link dev.fortel.access.RoleAdministration}) with a scope on every grant, who the caller is
 * ({@link dev.fortel.access.Subject}, with what their roles grant and how far), and the one question every endpoint asks,
 * {@link dev.fortel.access.AccessDecisions#require}. Every endpoint declares what it needs
 * ({@link dev.fortel.access.RequiresFunction}, {@link dev.fortel.access.SignedInOnly},
 * {@link dev.fortel.access.PublicEndpoint}); {@code access.web} enforces the declaration before the handler runs and
 * refuses handlers that declare nothing. Who holds which role is the directory's; it answers the questions this module
 * needs through {@link dev.fortel.access.RoleAssignments}.
 */
@NullMarked
package dev.fortel.access;

import org.jspecify.annotations.NullMarked;
