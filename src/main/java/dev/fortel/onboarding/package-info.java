/**
 * Bringing people and companies in: the provider operator's first-start setup (a one-time link printed
 * to the log, or an operator created from {@code FORTEL_BOOTSTRAP_ADMIN_*} for automation), the creation of
 * a client company with its owner's activation link, and completing those links. It orchestrates tenancy,
 * directory and identity, which do not know about each other's part in it.
 */
@NullMarked
package dev.fortel.onboarding;

import org.jspecify.annotations.NullMarked;
