/**
 * Employees (the people who sign in and own extensions), groups, reporting lines and account lifetime.
 * Every change is published as a past-tense event inside its transaction; the journal records it there.
 */
@NullMarked
package dev.fortel.directory;

import org.jspecify.annotations.NullMarked;
