package dev.fortel.access;

import java.util.Optional;
import java.util.UUID;

/**
 * How a provider's support agent enters a client company, answered by the module that keeps the grants
 * (supportaccess). An interface here keeps the dependency one-way, like {@link RoleAssignments}: sign-in (identity)
 * asks on every request, so a revoked or expired grant stops the very next one.
 */
public interface SupportGrants {

    /** The console session attribute holding the grant an agent entered a company with (a {@link UUID}). */
    String SESSION_ATTRIBUTE = "fortel.supportGrant";

    /** The agent inside the grant's company (see {@link Subject#support}), if the grant is the agent's and in force now. */
    Optional<Subject> enter(Subject agent, UUID grant);
}
