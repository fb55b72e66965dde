package dev.fortel.onboarding.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.PublicEndpoint;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.onboarding.EmployeeInvitations;
import dev.fortel.onboarding.PasswordResets;
import dev.fortel.platform.RequestOrigin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Password resets by e-mail: an administrator's, and the public "forgot password" request. */
@RestController
@Tag(name = "Password reset")
class PasswordResetApi {

    /** The one answer to every "forgot password" request, whatever happened. */
    static final String ACCEPTED = "If an active account has this login, a link to choose a new password has been sent to it.";

    private final EmployeeInvitations invitations;
    private final PasswordResets resets;
    private final AccessDecisions access;

    PasswordResetApi(EmployeeInvitations invitations, PasswordResets resets, AccessDecisions access) {
        this.invitations = invitations;
        this.resets = resets;
        this.access = access;
    }

    record ResetIssued(String status, String sentTo, Instant expiresAt) {}

    record ResetRequest(@Nullable String login) {}

    record RequestAccepted(String status, String message) {}

    @Operation(summary = "Reset an employee's password: the old one stops working, their sessions and API tokens end, "
            + "and a single-use link to choose a new one is mailed to them (not returned)")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/api/v1/employees/{id}/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResetIssued reset(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        EmployeeInvitations.Reset reset = invitations.resetPassword(s, id);
        return new ResetIssued("mailed", reset.mailedTo(), reset.expiresAt());
    }

    @Operation(summary = "Forgot password: mails a reset link to the account with this login, if there is an active one. "
            + "The answer is the same in every case; requests are rate-limited per login and per address")
    @PublicEndpoint(reason = "forgot password: the same answer for every login, rate-limited per login and per address")
    @PostMapping("/api/v1/auth/password-reset-requests")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RequestAccepted request(@RequestBody(required = false) @Nullable ResetRequest body, HttpServletRequest request) {
        resets.request(body == null ? null : body.login(), RequestOrigin.of(request));
        return new RequestAccepted("accepted", ACCEPTED);
    }
}
