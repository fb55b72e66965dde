/**
 * The access decision point: who the caller is ({@link dev.fortel.access.Subject}), which functions their
 * roles grant ({@link dev.fortel.access.Permission}), and the one question every endpoint asks,
 * {@link dev.fortel.access.AccessDecisions#require}. Later work adds custom roles and scopes over
 * subordinates here, behind the same question.
 */
@NullMarked
package dev.fortel.access;

import org.jspecify.annotations.NullMarked;
