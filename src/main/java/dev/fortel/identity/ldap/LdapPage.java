package dev.fortel.identity.ldap;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.FormNumbers;
import dev.fortel.platform.web.ViolationMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Security → Corporate directory: the company's LDAP / Active Directory on one page: the connection and mapping form,
 * a connection test that names the failing step, synchronization now, and the latest reports line by line. Changes
 * need a recent second factor, as in the API.
 */
@Controller
class LdapPage {

    /** Offered schedules, in minutes (0: on demand only). */
    static final List<Integer> SCHEDULES = List.of(0, 15, 60, 240, 1440);

    private final LdapDirectories directories;
    private final DirectorySync sync;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;

    LdapPage(LdapDirectories directories, DirectorySync sync, AccessDecisions access, StepUp stepUp, ViolationMessages messages) {
        this.directories = directories;
        this.sync = sync;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
    }

    /**
     * The form as posted. Group mappings are lines of one text box, {@code role: group DN}: a DN holds commas and equals
     * signs, a role code neither, so the first colon splits them.
     */
    record Form(@Nullable Boolean enabled, @Nullable String url, @Nullable String caPem, @Nullable String bindDn, @Nullable String bindPassword,
            @Nullable String userBase, @Nullable String userFilter, @Nullable String loginAttribute, @Nullable String nameAttribute,
            @Nullable String phoneAttribute, @Nullable String departmentAttribute, @Nullable String managerAttribute, @Nullable String idAttribute,
            @Nullable String groupBase, @Nullable String groupFilter, @Nullable String memberAttribute, @Nullable String syncMinutes,
            @Nullable String groupRoles) {

        static Form blank() {
            return new Form(true, "", "", "", "", "", "(objectClass=inetOrgPerson)", "mail", "cn", "telephoneNumber", "departmentNumber", "manager",
                    "entryUUID", "", "(objectClass=groupOfNames)", "member", "0", "");
        }

        static Form of(LdapSettings s) {
            StringBuilder roles = new StringBuilder();
            s.groupRoles().forEach(g -> roles.append(g.role().code()).append(": ").append(g.groupDn()).append('\n'));
            return new Form(s.enabled(), s.url(), nz(s.caPem()), s.bindDn(), "", s.userBase(), s.userFilter(), s.loginAttribute(), s.nameAttribute(),
                    nz(s.phoneAttribute()), nz(s.departmentAttribute()), nz(s.managerAttribute()), s.idAttribute(), nz(s.groupBase()),
                    nz(s.groupFilter()), nz(s.memberAttribute()), String.valueOf(s.syncMinutes()), roles.toString().strip());
        }

        LdapDirectories.Draft draft() {
            List<LdapDirectories.GroupRoleDraft> mapped = new ArrayList<>();
            if (groupRoles != null) {
                for (String line : groupRoles.split("\\R")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    int colon = line.indexOf(':');
                    mapped.add(colon < 0 ? new LdapDirectories.GroupRoleDraft(line, null)
                            : new LdapDirectories.GroupRoleDraft(line.substring(colon + 1), line.substring(0, colon)));
                }
            }
            return new LdapDirectories.Draft(Boolean.TRUE.equals(enabled), url, caPem, bindDn, bindPassword, userBase, userFilter, loginAttribute,
                    nameAttribute, phoneAttribute, departmentAttribute, managerAttribute, idAttribute, groupBase, groupFilter, memberAttribute,
                    FormNumbers.integer(syncMinutes, "sync_minutes", "ldap.syncMinutes", "must be 0 (on demand only) or between 15 and 1440 minutes"),
                    mapped);
        }

        @Override
        public String toString() {
            return "Form[" + url + ", " + bindDn + ", bind password ******]";
        }
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @GetMapping("/security/directory")
    String show(Model model) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        Optional<LdapSettings> settings = directories.find(s.tenantId());
        return page(s, settings.orElse(null), settings.map(Form::of).orElseGet(Form::blank), Map.of(), model);
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/security/directory")
    String save(@ModelAttribute Form form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        stepUp.require(s);
        try {
            directories.save(s, form.draft());
        } catch (ValidationFailedException invalid) {
            return page(s, directories.find(s.tenantId()).orElse(null), form, messages.byField(invalid), model);
        }
        redirect.addFlashAttribute("notice", "ldap.saved");
        return "redirect:/security/directory";
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/security/directory/test")
    String test(RedirectAttributes redirect) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        directories.get(s.tenantId());
        LdapDirectories.TestResult r = directories.test(s);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("ok", r.ok());
        shown.put("problem", r.problem() == null ? "" : r.problem());
        shown.put("detail", r.detail());
        shown.put("tls", r.tls() == null ? "" : r.tls());
        shown.put("users", r.usersFound());
        shown.put("more", r.more());
        shown.put("sample", r.sample());
        redirect.addFlashAttribute("tested", shown);
        return "redirect:/security/directory";
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/security/directory/sync")
    String synchronize(RedirectAttributes redirect) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        directories.get(s.tenantId());
        stepUp.require(s);
        try {
            DirectorySync.Report r = sync.run(s);
            // Flash attributes live in the session store, which keeps only plain values.
            redirect.addFlashAttribute("synced", new LinkedHashMap<>(Map.of("outcome", r.outcome(), "created", r.created(), "updated", r.updated(),
                    "disabled", r.disabled(), "errors", r.errors())));
        } catch (ValidationFailedException | ConflictException refused) {
            redirect.addFlashAttribute("syncError", refused instanceof ConflictException c ? messages.byField(c).values().iterator().next()
                    : messages.byField((ValidationFailedException) refused).values().iterator().next());
        }
        return "redirect:/security/directory";
    }

    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PostMapping("/security/directory/remove")
    String remove(RedirectAttributes redirect) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        directories.get(s.tenantId());
        stepUp.require(s);
        directories.remove(s);
        redirect.addFlashAttribute("notice", "ldap.removed");
        return "redirect:/security/directory";
    }

    private String page(Subject s, @Nullable LdapSettings settings, Form form, Map<String, String> errors, Model model) {
        model.addAttribute("settings", settings);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        // Mappings are lines of one text box: their errors are shown under it, by line number.
        model.addAttribute("mappingErrors", ViolationMessages.byLine(errors, "group_roles"));
        model.addAttribute("schedules", SCHEDULES);
        model.addAttribute("linked", settings == null ? 0 : directories.linkedAccounts(s.tenantId()));
        model.addAttribute("syncs", settings == null ? List.of() : sync.recent(s.tenantId(), 10));
        return "security/directory";
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
