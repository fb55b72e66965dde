/**
 * The access decision point: who the caller is ({@link dev.fortel.access.Subject}), which functions their
 * roles grant ({@link dev.fortel.access.Permission}), and the one question every endpoint asks,
 * {@link dev.fortel.access.AccessDecisions#require}. Every endpoint declares what it needs
 * ({@link dev.fortel.access.RequiresFunction}, {@link dev.fortel.access.SignedInOnly},
 * {@link dev.fortel.access.PublicEndpoint}); {@code access.web} enforces the declaration before the handler runs and
 * refuses handlers that declare nothing. Later work adds custom roles and scopes over subordinates here, behind the
 * same question.
 */
@NullMarked
package dev.fortel.access;

import org.jspecify.annotations.NullMarked;
