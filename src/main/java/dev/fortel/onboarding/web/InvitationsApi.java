package dev.fortel.onboarding.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.onboarding.EmployeeInvitations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Issuing an employee's activation link through the API. */
@RestController
@Tag(name = "Employees")
class InvitationsApi {

    private final EmployeeInvitations invitations;
    private final AccessDecisions access;

    InvitationsApi(EmployeeInvitations invitations, AccessDecisions access) {
        this.invitations = invitations;
        this.access = access;
    }

    record Link(String activationUrl, Instant expiresAt) {}

    @Operation(summary = "Issue a one-time link for the employee to choose a password, mailed to them and returned; earlier unused links stop working")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/api/v1/employees/{id}/activation-link")
    @ResponseStatus(HttpStatus.CREATED)
    Link issue(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        EmployeeInvitations.Invitation inv = invitations.invite(s, id);
        return new Link(inv.url(), inv.expiresAt());
    }
}
