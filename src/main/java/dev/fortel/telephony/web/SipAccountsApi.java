package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.AccessTarget;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.telephony.SipAccount;
import dev.fortel.telephony.SipAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * SIP accounts through the API. Each endpoint names the employee whose accounts it touches, so the decision
 * point checks the caller's reach over that employee before anything runs (404 for someone the caller cannot
 * see, including another company's employee; 403 for someone seen but out of the function's reach). The
 * password appears only in the answer to a reveal, which is a POST (never cached, never in a URL).
 */
@RestController
@Tag(name = "SIP accounts")
class SipAccountsApi {

    private final SipAccounts accounts;
    private final Employees employees;
    private final AccessDecisions access;
    private final StepUp stepUp;

    SipAccountsApi(SipAccounts accounts, Employees employees, AccessDecisions access, StepUp stepUp) {
        this.accounts = accounts;
        this.employees = employees;
        this.access = access;
        this.stepUp = stepUp;
    }

    record AccountJson(UUID id, UUID employeeId, String username, String domain, String address, Instant createdAt,
            Instant passwordChangedAt) {

        static AccountJson of(SipAccount a) {
            return new AccountJson(a.id(), a.employeeId(), a.username(), a.domain(), a.address(), a.createdAt(), a.passwordChangedAt());
        }
    }

    record AccountList(List<AccountJson> items) {}

    record CreateRequest(@Nullable String username) {}

    /** The password, with what a phone needs beside it. */
    record Revealed(String username, String domain, String password) {

        @Override
        public String toString() {
            return "Revealed[" + username + "@" + domain + "]";
        }
    }

    @Operation(summary = "The SIP accounts of every employee within your reach")
    @RequiresFunction(Permission.SIP_ACCOUNTS_VIEW)
    @GetMapping("/api/v1/sip-accounts")
    AccountList all() {
        Subject s = access.require(Permission.SIP_ACCOUNTS_VIEW);
        return new AccountList(accounts.ofEmployees(s.tenantId(), access.reachableEmployees(s, Permission.SIP_ACCOUNTS_VIEW)).stream()
                .map(AccountJson::of).toList());
    }

    @Operation(summary = "An employee's SIP accounts")
    @RequiresFunction(value = Permission.SIP_ACCOUNTS_VIEW, object = ObjectKind.EMPLOYEE)
    @GetMapping("/api/v1/employees/{id}/sip-accounts")
    AccountList ofEmployee(@PathVariable UUID id) {
        Employee e = employee(Permission.SIP_ACCOUNTS_VIEW, id);
        return new AccountList(accounts.of(e.tenantId(), e.id()).stream().map(AccountJson::of).toList());
    }

    @Operation(summary = "Create a SIP account for an employee; its password is generated (reveal it to set up the phone)")
    @RequiresFunction(value = Permission.SIP_ACCOUNTS_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/api/v1/employees/{id}/sip-accounts")
    ResponseEntity<AccountJson> create(@PathVariable UUID id, @RequestBody(required = false) @Nullable CreateRequest body) {
        Employee e = employee(Permission.SIP_ACCOUNTS_MANAGE, id);
        SipAccount a = accounts.create(access.current(), e, body == null ? null : body.username());
        return ResponseEntity.created(URI.create("/api/v1/employees/" + id + "/sip-accounts/" + a.id())).body(AccountJson.of(a));
    }

    @Operation(summary = "Generate a new password for a SIP account; the old one stops working at once")
    @RequiresFunction(value = Permission.SIP_ACCOUNTS_MANAGE, object = ObjectKind.EMPLOYEE)
    @PostMapping("/api/v1/employees/{id}/sip-accounts/{accountId}/password")
    AccountJson rotate(@PathVariable UUID id, @PathVariable UUID accountId) {
        Employee e = employee(Permission.SIP_ACCOUNTS_MANAGE, id);
        return AccountJson.of(accounts.rotate(access.current(), e, accountId));
    }

    @Operation(summary = "Reveal a SIP account's password (journaled; needs a recent second factor when you have one)")
    @RequiresFunction(value = Permission.SIP_CREDENTIALS_REVEAL, object = ObjectKind.EMPLOYEE)
    @PostMapping("/api/v1/employees/{id}/sip-accounts/{accountId}/reveal")
    ResponseEntity<Revealed> reveal(@PathVariable UUID id, @PathVariable UUID accountId, HttpServletRequest request) {
        Employee e = employee(Permission.SIP_CREDENTIALS_REVEAL, id);
        SipAccount a = accounts.find(e.tenantId(), e.id(), accountId).orElseThrow(() -> new NotFoundException("SIP account"));
        stepUp.require(access.current());
        String password = accounts.reveal(access.current(), e, accountId, RequestOrigin.of(request));
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(new Revealed(a.username(), a.domain(), password));
    }

    @Operation(summary = "Delete a SIP account: its phone can no longer register")
    @RequiresFunction(value = Permission.SIP_ACCOUNTS_MANAGE, object = ObjectKind.EMPLOYEE)
    @DeleteMapping("/api/v1/employees/{id}/sip-accounts/{accountId}")
    ResponseEntity<Void> delete(@PathVariable UUID id, @PathVariable UUID accountId) {
        Employee e = employee(Permission.SIP_ACCOUNTS_MANAGE, id);
        accounts.delete(access.current(), e, accountId);
        return ResponseEntity.noContent().build();
    }

    /** The employee, after the decision point's check (repeated here: the body never trusts the interceptor alone). */
    private Employee employee(Permission function, UUID id) {
        Subject s = access.requireOn(function, new AccessTarget.Employee(id));
        return employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
    }
}
