package dev.fortel.console;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.Subject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's frame needs: who is signed in, which sections they may open, the current path. */
@ControllerAdvice(annotations = Controller.class)
class ConsoleModel {

    /** For pages rendered outside a handler method (error pages), which @ModelAttribute methods do not reach. */
    static void populate(Model model, HttpServletRequest request) {
        model.addAttribute("me", AccessDecisions.currentOrNull());
        model.addAttribute("nav", nav());
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("path", request.getRequestURI());
    }

    @ModelAttribute("me")
    @Nullable Subject me() {
        return AccessDecisions.currentOrNull();
    }

    @ModelAttribute("nav")
    static Map<String, Boolean> nav() {
        Subject s = AccessDecisions.currentOrNull();
        Map<String, Boolean> nav = new LinkedHashMap<>();
        nav.put("employees", s != null && s.has(Permission.EMPLOYEES_VIEW));
        nav.put("manageEmployees", s != null && s.has(Permission.EMPLOYEES_MANAGE));
        nav.put("groups", s != null && s.has(Permission.GROUPS_VIEW));
        nav.put("manageGroups", s != null && s.has(Permission.GROUPS_MANAGE));
        nav.put("journalEvents", s != null && s.has(Permission.JOURNAL_VIEW));
        nav.put("journalDelivery", s != null && s.has(Permission.JOURNAL_DELIVERY_MANAGE));
        nav.put("journalAlerts", s != null && s.has(Permission.SECURITY_ALERTS_MANAGE));
        nav.put("journal", nav.get("journalEvents") || nav.get("journalDelivery") || nav.get("journalAlerts"));
        nav.put("tenants", s != null && s.has(Permission.TENANTS_MANAGE));
        nav.put("security", s != null && s.has(Permission.SECURITY_SETTINGS_VIEW));
        nav.put("corporateSignIn", s != null && s.has(Permission.CORPORATE_SIGN_IN_MANAGE));
        nav.put("roles", s != null && s.has(Permission.ROLES_VIEW));
        // The provider's outbound mail: its SMTP relay and the local outbox.
        nav.put("outbox", s != null && s.has(Permission.TENANTS_MANAGE));
        nav.put("integrations", s != null && s.has(Permission.INTEGRATIONS_MANAGE));
        nav.put("supportAccess", s != null && s.has(Permission.SUPPORT_ACCESS_APPROVE));
        nav.put("providerSupport", s != null && s.has(Permission.SUPPORT_ACCESS_REQUEST));
        nav.put("sipAccounts", s != null && s.has(Permission.SIP_ACCOUNTS_VIEW));
        nav.put("calls", s != null && s.has(Permission.CALLS_HISTORY_VIEW));
        nav.put("telephonyPolicies", s != null && s.has(Permission.TELEPHONY_POLICIES_VIEW));
        nav.put("recordings", s != null && s.has(Permission.RECORDINGS_MANAGE));
        nav.put("telephony", nav.get("calls") || nav.get("telephonyPolicies") || nav.get("recordings"));
        return nav;
    }

    @ModelAttribute("fmt")
    TimeFormat fmt() {
        return FORMAT;
    }

    private static final TimeFormat FORMAT = new TimeFormat();

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
