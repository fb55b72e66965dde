package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.tenancy.TenantId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Past-tense facts about sign-in, published for the journal. */
public final class IdentityEvents {

    private IdentityEvents() {}

    /** @param method {@code password_form} or {@code api_token} */
    public record SignInSucceeded(Subject subject, String method, @Nullable String ip, @Nullable String userAgent) {}

    /**
     * @param tenantId the tenant of the login tried, or the provider's tenant when no account has it
     * @param employeeId the account tried, when it exists
     * @param reason kept for the journal only ({@code unknown_login}, {@code bad_password}, {@code disabled},
     *     {@code expired}, {@code not_activated}); the person signing in is never told which
     */
    public record SignInFailed(TenantId tenantId, @Nullable UUID employeeId, String login, String reason, String method,
            @Nullable String ip, @Nullable String userAgent) {}

    public record SignedOut(Subject subject, String method, @Nullable String ip, @Nullable String userAgent) {}

    /** A person chose their password through a setup or activation link. */
    public record AccountActivated(TenantId tenantId, UUID employeeId, String login, String purpose,
            @Nullable String ip, @Nullable String userAgent) {}

    /**
     * Too many failed sign-ins: the account refuses every attempt, right password or not, until {@code until}, or
     * until an administrator unlocks it when {@code until} is null (the company's permanent mode).
     */
    public record AccountLocked(TenantId tenantId, UUID employeeId, String login, java.time.@Nullable Instant until, int failures,
            int lockNumber, @Nullable String ip) {}

    /** A temporary lock ran out. */
    public record AccountLockEnded(TenantId tenantId, UUID employeeId, String login, java.time.Instant lockedUntil) {}

    /** An administrator ended an account's lock early. */
    public record AccountUnlocked(TenantId tenantId, UUID employeeId, String login) {}

    /** Too many failed sign-ins from one address, across accounts (password spraying): it is refused until {@code until}. */
    public record AddressBlocked(TenantId providerTenantId, String ip, java.time.Instant until, int failures) {}

    /** Console sessions were ended by a change to the account ({@code password_reset}, {@code account_disabled}). */
    public record ConsoleSessionsEnded(TenantId tenantId, UUID employeeId, int count, String reason) {}

    /** Sessions or API tokens were ended by someone other than their holder, or by a change to the account. */
    public record ApiTokensRevoked(TenantId tenantId, UUID employeeId, int count, String reason) {}

    /** A company's sign-in settings changed: {@code field -> [before, after]}, with the fields as the API names them. */
    public record SignInPolicyChanged(TenantId tenantId, java.util.Map<String, Object[]> changes) {}

    // Sessions, password changes and integration tokens.

    /**
     * One session (console or sign-in token) was ended by someone: its holder ({@code self}), an administrator
     * ({@code administrator}), or a new sign-in beyond the company's limit ({@code concurrent_limit}).
     *
     * @param session the session's public reference ({@code web:...} or {@code api:...}), never its secret
     */
    public record SessionEnded(TenantId tenantId, UUID employeeId, String login, String session, String reason) {}

    /**
     * A session outlived the company's limits and was ended when it was next used: {@code absolute_lifetime}
     * or {@code idle_timeout}. Journaled once per session.
     */
    public record SessionExpired(TenantId tenantId, UUID employeeId, String login, String session, String reason,
            @Nullable String ip, @Nullable String userAgent) {}

    /** A person changed their own password (knowing the current one). */
    public record PasswordChanged(Subject subject, @Nullable String ip, @Nullable String userAgent) {}

    /** A password change was refused before anything changed ({@code wrong_current_password}, {@code locked}). */
    public record PasswordChangeRefused(Subject subject, String reason, @Nullable String ip, @Nullable String userAgent) {}

    /** An integration token was created; its secret is never part of any event. */
    public record IntegrationTokenCreated(TenantId tenantId, UUID tokenId, String name, String ref, UUID creatorId,
            java.util.List<String> scope, java.time.Instant expiresAt) {}

    public record IntegrationTokenRevoked(TenantId tenantId, UUID tokenId, String name, String ref, UUID creatorId) {}

    /** An integration token was used from an address it had never been used from (its first use included). */
    public record IntegrationTokenUsedFromNewAddress(Subject subject, UUID tokenId, String name, String ip,
            @Nullable String userAgent) {}

    // Second factors (identity.factors, driven by SecondFactors).

    /** A person completed the enrollment of a second factor (the first valid code was entered). */
    public record SecondFactorEnrolled(Subject subject, UUID factorId, String method, String label, @Nullable String ip,
            @Nullable String userAgent) {}

    /** A person removed one of their own second factors. */
    public record SecondFactorRemoved(Subject subject, UUID factorId, String method, String label, @Nullable String ip,
            @Nullable String userAgent) {}

    /** An administrator removed every second factor and recovery code of an employee. */
    public record SecondFactorsReset(Subject actor, TenantId tenantId, UUID employeeId, String login, int factors,
            @Nullable String ip, @Nullable String userAgent) {}

    /**
     * A second-factor code was refused.
     *
     * @param context {@code sign_in}, {@code step_up} or {@code enrollment}
     * @param reason {@code wrong_code}, {@code replayed_code} or {@code locked}; kept for the journal
     */
    public record SecondFactorFailed(TenantId tenantId, UUID employeeId, String login, String context, String reason,
            @Nullable String ip, @Nullable String userAgent) {}

    /** A recovery code stood in for a second factor; {@code remaining} unused codes are left. */
    public record RecoveryCodeUsed(TenantId tenantId, UUID employeeId, String login, String context, int remaining,
            @Nullable String ip, @Nullable String userAgent) {}

    /** A person made a new set of recovery codes (the old set no longer works). */
    public record RecoveryCodesGenerated(Subject subject, int count, @Nullable String ip, @Nullable String userAgent) {}

    /** A person confirmed a sensitive action with a second factor ({@code method}: {@code totp} or {@code recovery_code}). */
    public record SteppedUp(Subject subject, String method, @Nullable String ip, @Nullable String userAgent) {}

    /** Someone was shown the list of the company's integrations and notification channels. */
    public record IntegrationsOverviewViewed(Subject subject, int integrationTokens, @Nullable String ip, @Nullable String userAgent) {}
}
