package dev.fortel.notification.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.notification.MailServer;
import dev.fortel.notification.MailServerDraft;
import dev.fortel.notification.MailSettings;
import dev.fortel.notification.MessageStatus;
import dev.fortel.notification.OutboxMessage;
import dev.fortel.notification.TestMail;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The provider operator's SMTP settings form, with "send a test message" and "remove". The password is never shown. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@Controller
class MailSettingsPage {

    private final MailSettings settings;
    private final TestMail testMail;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    MailSettingsPage(MailSettings settings, TestMail testMail, AccessDecisions access, ViolationMessages messages) {
        this.settings = settings;
        this.testMail = testMail;
        this.access = access;
        this.messages = messages;
    }

    @GetMapping("/mail-settings")
    String show(Model model) {
        access.require(Permission.TENANTS_MANAGE);
        MailServer current = settings.current().orElse(null);
        return form(current, formOf(current), Map.of(), model);
    }

    @PostMapping("/mail-settings")
    String save(@RequestParam(required = false) @Nullable String host, @RequestParam(required = false) @Nullable String port,
            @RequestParam(required = false) @Nullable String security, @RequestParam(required = false) @Nullable String username,
            @RequestParam(required = false) @Nullable String password,
            @RequestParam(name = "remove_password", required = false) @Nullable String removePassword,
            @RequestParam(name = "from_address", required = false) @Nullable String fromAddress,
            @RequestParam(name = "trusted_certificate", required = false) @Nullable String trustedCertificate, Model model,
            RedirectAttributes redirect) {
        Subject operator = access.require(Permission.TENANTS_MANAGE);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("host", host == null ? "" : host);
        form.put("port", port == null ? "" : port);
        form.put("security", security == null ? "" : security);
        form.put("username", username == null ? "" : username);
        form.put("from_address", fromAddress == null ? "" : fromAddress);
        form.put("trusted_certificate", trustedCertificate == null ? "" : trustedCertificate);
        Integer portNumber;
        try {
            portNumber = port == null || port.isBlank() ? null : Integer.valueOf(port.strip());
        } catch (NumberFormatException e) {
            portNumber = -1;
        }
        // An empty password field keeps the stored password: the page never shows it, so it cannot send it back.
        String newPassword = removePassword != null ? "" : password == null || password.isEmpty() ? null : password;
        try {
            settings.save(new MailServerDraft(host, portNumber, security, username, newPassword, fromAddress, trustedCertificate), operator.login());
        } catch (ValidationFailedException e) {
            return form(settings.current().orElse(null), form, messages.byField(e), model);
        }
        redirect.addFlashAttribute("notice", "mail.settings.saved");
        return "redirect:/mail-settings";
    }

    @PostMapping("/mail-settings/delete")
    String remove(RedirectAttributes redirect) {
        access.require(Permission.TENANTS_MANAGE);
        if (settings.remove()) {
            redirect.addFlashAttribute("notice", "mail.settings.removed");
        }
        return "redirect:/mail-settings";
    }

    @PostMapping("/mail-settings/test")
    String test(@RequestParam(required = false) @Nullable String to, RedirectAttributes redirect) {
        Subject operator = access.require(Permission.TENANTS_MANAGE);
        String recipient = to == null || to.isBlank() ? operator.login() : to.strip();
        try {
            OutboxMessage m = testMail.send(recipient, LocaleContextHolder.getLocale());
            redirect.addFlashAttribute("testDelivered", m.status() == MessageStatus.SENT);
            redirect.addFlashAttribute("testTo", m.recipient());
            redirect.addFlashAttribute("testError", m.lastError());
        } catch (ValidationFailedException e) {
            redirect.addFlashAttribute("testProblem", messages.text(e.violations().getFirst().text()));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("testProblem", messages.text(e.violation().text()));
        }
        return "redirect:/mail-settings";
    }

    private static Map<String, String> formOf(@Nullable MailServer s) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("host", s == null ? "" : s.host());
        form.put("port", s == null ? "587" : Integer.toString(s.port()));
        form.put("security", s == null ? "starttls" : s.security().code());
        form.put("username", s == null || s.username() == null ? "" : s.username());
        form.put("from_address", s == null ? "" : s.fromAddress());
        form.put("trusted_certificate", s == null || s.trustedCertificate() == null ? "" : s.trustedCertificate());
        return form;
    }

    private String form(@Nullable MailServer current, Map<String, String> form, Map<String, String> errors, Model model) {
        model.addAttribute("current", current);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "outbox/settings";
    }
}
