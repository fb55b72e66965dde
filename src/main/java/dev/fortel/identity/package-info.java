/**
 * Sign-in: Argon2id password hashes (upgraded at sign-in when the cost changes), the console's form
 * sign-in with database-backed sessions, API tokens (revocable, expiring sessions of the REST API),
 * activation links that let a person choose their own password, and the security filter chains. Password
 * checking is Spring Security's {@code DaoAuthenticationProvider}: one generic failure for every cause and
 * a dummy hash for unknown logins, so neither the answer nor its timing tells whether a login exists.
 * IP rules ({@code identity.iprules}) are judged before any password and on every authenticated request.
 */
@NullMarked
package dev.fortel.identity;

import org.jspecify.annotations.NullMarked;
