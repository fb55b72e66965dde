package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.ObjectKind;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
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
 * Sessions through the API: one's own (any signed-in person, never an integration token) and an employee's
 * (administrators with {@code employees.manage}, for people whose rights do not exceed their own). A session
 * of another company, or a reference that names none, answers 404.
 */
@RestController
@Tag(name = "Sessions")
class SessionsApi {

    private final OpenSessions sessions;
    private final PasswordChange passwords;
    private final Accounts accounts;
    private final Employees employees;
    private final AccessDecisions access;

    SessionsApi(OpenSessions sessions, PasswordChange passwords, Accounts accounts, Employees employees, AccessDecisions access) {
        this.sessions = sessions;
        this.passwords = passwords;
        this.accounts = accounts;
        this.employees = employees;
        this.access = access;
    }

    /** @param ref the session's public reference; the session's secret is never shown */
    record SessionJson(String ref, String kind, @Nullable String ip, @Nullable String userAgent, Instant startedAt, Instant lastActiveAt,
            Instant expiresAt, boolean current) {

        static SessionJson of(OpenSessions.View v) {
            return new SessionJson(v.ref(), v.kind(), v.ip(), v.userAgent(), v.startedAt(), v.lastActiveAt(), v.expiresAt(), v.current());
        }
    }

    record SessionList(List<SessionJson> items) {}

    record Ended(int consoleSessions, int apiTokens) {}

    record PasswordChangeRequest(@Nullable String currentPassword, @Nullable String newPassword) {

        @Override
        public String toString() {
            return "PasswordChangeRequest[***]";
        }
    }

    @Operation(summary = "Your own sessions: console sessions and API sign-in tokens, the one in use marked current")
    @SignedInOnly(reason = "the caller's own sessions")
    @GetMapping("/api/v1/me/sessions")
    SessionList mine() {
        Subject s = access.requirePerson();
        return list(self(s), s);
    }

    @Operation(summary = "End one of your own sessions (its reference from the list)")
    @SignedInOnly(reason = "ends one of the caller's own sessions")
    @DeleteMapping("/api/v1/me/sessions/{ref}")
    ResponseEntity<Void> endMine(@PathVariable String ref) {
        Subject s = access.requirePerson();
        sessions.end(s, self(s), OpenSessions.normalize(ref));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "An employee's sessions (administrators)")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @GetMapping("/api/v1/employees/{id}/sessions")
    SessionList ofEmployee(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        return list(employee(s, id), s);
    }

    @Operation(summary = "End one session of an employee (not of someone whose rights exceed yours)")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @DeleteMapping("/api/v1/employees/{id}/sessions/{ref}")
    ResponseEntity<Void> endOne(@PathVariable UUID id, @PathVariable String ref) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employee(s, id);
        sessions.checkMayEnd(s, e);
        sessions.end(s, e, OpenSessions.normalize(ref));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "End every session and API sign-in token of an employee")
    @RequiresFunction(value = Permission.EMPLOYEES_MANAGE, object = ObjectKind.EMPLOYEE)
    @DeleteMapping("/api/v1/employees/{id}/sessions")
    Ended endAll(@PathVariable UUID id) {
        Subject s = access.require(Permission.EMPLOYEES_MANAGE);
        Employee e = employee(s, id);
        sessions.checkMayEnd(s, e);
        OpenSessions.Ended ended = sessions.endAll(s, e);
        return new Ended(ended.consoleSessions(), ended.apiTokens());
    }

    @Operation(summary = "Change your own password; every other session and API sign-in token of yours ends")
    @SignedInOnly(reason = "changes the caller's own password, proven by the current one")
    @PostMapping("/api/v1/me/password")
    Ended changePassword(@RequestBody PasswordChangeRequest body, HttpServletRequest request) {
        Subject s = access.requirePerson();
        PasswordChange.Outcome outcome = passwords.change(s, body.currentPassword(), body.newPassword(), RequestOrigin.of(request));
        return new Ended(outcome.consoleSessionsEnded(), outcome.apiTokensRevoked());
    }

    private SessionList list(Employee e, Subject viewer) {
        return new SessionList(sessions.of(e, viewer.sessionRef()).stream().map(SessionJson::of).toList());
    }

    private Employee self(Subject s) {
        return accounts.current(s).orElseThrow(() -> new NotFoundException("employee"));
    }

    private Employee employee(Subject s, UUID id) {
        return employees.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("employee"));
    }
}
