package dev.fortel.identity.ldap;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.identity.StepUp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The company's LDAP / Active Directory. The directory decides who exists and which roles its groups carry, so every
 * change needs a recent second factor (of whoever has one) and is journaled; the bind password is write-only.
 */
@RestController
@Tag(name = "Corporate sign-in")
class LdapApi {

    private final LdapDirectories directories;
    private final DirectorySync sync;
    private final AccessDecisions access;
    private final StepUp stepUp;

    LdapApi(LdapDirectories directories, DirectorySync sync, AccessDecisions access, StepUp stepUp) {
        this.directories = directories;
        this.sync = sync;
        this.access = access;
        this.stepUp = stepUp;
    }

    record GroupRoleBody(@Nullable String groupDn, @Nullable String role) {}

    record Body(@Nullable Boolean enabled, @Nullable String url, @Nullable String caPem, @Nullable String bindDn, @Nullable String bindPassword,
            @Nullable String userBase, @Nullable String userFilter, @Nullable String loginAttribute, @Nullable String nameAttribute,
            @Nullable String phoneAttribute, @Nullable String departmentAttribute, @Nullable String managerAttribute, @Nullable String idAttribute,
            @Nullable String groupBase, @Nullable String groupFilter, @Nullable String memberAttribute, @Nullable Integer syncMinutes,
            @Nullable List<GroupRoleBody> groupRoles) {

        LdapDirectories.Draft draft() {
            return new LdapDirectories.Draft(enabled, url, caPem, bindDn, bindPassword, userBase, userFilter, loginAttribute, nameAttribute,
                    phoneAttribute, departmentAttribute, managerAttribute, idAttribute, groupBase, groupFilter, memberAttribute, syncMinutes,
                    groupRoles == null ? null : groupRoles.stream().map(g -> g == null ? null
                            : new LdapDirectories.GroupRoleDraft(g.groupDn(), g.role())).toList());
        }

        @Override
        public String toString() {
            return "Body[" + url + ", " + bindDn + ", bind password ******]";
        }
    }

    record View(boolean enabled, String url, @Nullable String caPem, String bindDn, boolean bindPasswordSet, String userBase, String userFilter,
            String loginAttribute, String nameAttribute, @Nullable String phoneAttribute, @Nullable String departmentAttribute,
            @Nullable String managerAttribute, String idAttribute, @Nullable String groupBase, @Nullable String groupFilter,
            @Nullable String memberAttribute, int syncMinutes, @Nullable Instant nextSyncAt, List<GroupRoleBody> groupRoles, int linkedAccounts,
            Instant createdAt, Instant updatedAt) {

        static View of(LdapSettings s, int linked) {
            return new View(s.enabled(), s.url(), s.caPem(), s.bindDn(), true, s.userBase(), s.userFilter(), s.loginAttribute(), s.nameAttribute(),
                    s.phoneAttribute(), s.departmentAttribute(), s.managerAttribute(), s.idAttribute(), s.groupBase(), s.groupFilter(),
                    s.memberAttribute(), s.syncMinutes(), s.nextSyncAt(), s.groupRoles().stream().map(g -> new GroupRoleBody(g.groupDn(),
                            g.role().code())).toList(), linked, s.createdAt(), s.updatedAt());
        }
    }

    record Tested(boolean ok, @Nullable String problem, String detail, @Nullable String tls, int usersFound, boolean more, List<String> sample) {}

    record Synced(UUID id, String startedBy, Instant startedAt, @Nullable Instant finishedAt, String outcome, int created, int updated,
            int disabled, int errors, List<String> report) {

        static Synced of(DirectorySync.Report r) {
            return new Synced(r.id(), r.startedBy(), r.startedAt(), r.finishedAt(), r.outcome(), r.created(), r.updated(), r.disabled(), r.errors(),
                    r.lines());
        }
    }

    record Syncs(List<Synced> items) {}

    @Operation(summary = "The company's directory: connection, attribute mapping, group-to-role mapping, schedule (the bind password is never shown)")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @GetMapping("/api/v1/ldap")
    View get() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        return View.of(directories.get(s.tenantId()), directories.linkedAccounts(s.tenantId()));
    }

    @Operation(summary = "Connect or change the directory: url (ldaps://host:636, or ldap://host:389 with StartTLS; never plain LDAP), ca_pem, "
            + "bind_dn and bind_password (left out: kept), user_base, user_filter, attribute names, group_base and group_roles "
            + "[{group_dn, role}], sync_minutes (0 = on demand, 15-1440)")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PutMapping("/api/v1/ldap")
    View save(@RequestBody Body body) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        stepUp.require(s);
        return View.of(directories.save(s, body.draft()), directories.linkedAccounts(s.tenantId()));
    }

    @Operation(summary = "Disconnect the directory: its employees keep their accounts without a password (give them one with an activation link)")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @DeleteMapping("/api/v1/ldap")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        directories.get(s.tenantId());
        stepUp.require(s);
        directories.remove(s);
    }

    @Operation(summary = "Connect, bind as the service account and search the user base now; says precisely which step failed and why")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/api/v1/ldap/test")
    Tested test() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        LdapDirectories.TestResult r = directories.test(s);
        return new Tested(r.ok(), r.problem(), r.detail(), r.tls(), r.usersFound(), r.more(), r.sample());
    }

    @Operation(summary = "Synchronize employees from the directory now: creates, updates and disables employees, maps managers to supervisors; "
            + "returns the report")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/api/v1/ldap/sync")
    Synced sync() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        directories.get(s.tenantId());
        stepUp.require(s);
        return Synced.of(sync.run(s));
    }

    @Operation(summary = "The latest synchronization reports, newest first")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @GetMapping("/api/v1/ldap/syncs")
    Syncs syncs() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        return new Syncs(sync.recent(s.tenantId(), 20).stream().map(Synced::of).toList());
    }
}
