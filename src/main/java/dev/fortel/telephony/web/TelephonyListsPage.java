package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.telephony.SpeechAnalytics;
import dev.fortel.telephony.VipNumbers;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Telephony → Lists: the speech-analytics list (by login) and the VIP numbers. */
@Controller
class TelephonyListsPage {

    private final SpeechAnalytics speech;
    private final VipNumbers vips;
    private final Employees employees;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    TelephonyListsPage(SpeechAnalytics speech, VipNumbers vips, Employees employees, AccessDecisions access, ViolationMessages messages) {
        this.speech = speech;
        this.vips = vips;
        this.employees = employees;
        this.access = access;
        this.messages = messages;
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/telephony/lists")
    String show(Model model) {
        return page(access.require(Permission.TELEPHONY_POLICIES_VIEW), Map.of(), model);
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/telephony/lists/speech-analytics")
    String addSpeech(@RequestParam(name = "login", required = false) @Nullable String login, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        Employee e = login == null || login.isBlank() || login.length() > 254 ? null
                : employees.findByLoginAcrossTenants(login.strip()).filter(x -> x.tenantId().equals(s.tenantId())).orElse(null);
        try {
            if (e == null) {
                throw ValidationFailedException.of("login", "speech.login", "must be the login of an employee of this company");
            }
            speech.add(s, e);
        } catch (ValidationFailedException invalid) {
            return page(s, messages.byField(invalid), model);
        } catch (ConflictException conflict) {
            return page(s, messages.byField(conflict), model);
        }
        redirect.addFlashAttribute("notice", "lists.saved");
        return "redirect:/telephony/lists";
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/telephony/lists/speech-analytics/remove")
    String removeSpeech(@RequestParam(name = "employeeId") UUID employeeId, RedirectAttributes redirect) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        speech.remove(s, employees.find(s.tenantId(), employeeId).orElseThrow(() -> new NotFoundException("employee")));
        redirect.addFlashAttribute("notice", "lists.saved");
        return "redirect:/telephony/lists";
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/telephony/lists/vip-numbers")
    String addVip(@RequestParam(name = "number", required = false) @Nullable String number, @RequestParam(name = "note", required = false) @Nullable String note,
            Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        try {
            vips.add(s, number, note);
        } catch (ValidationFailedException invalid) {
            return page(s, messages.byField(invalid), model);
        } catch (ConflictException conflict) {
            return page(s, messages.byField(conflict), model);
        }
        redirect.addFlashAttribute("notice", "lists.saved");
        return "redirect:/telephony/lists";
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/telephony/lists/vip-numbers/remove")
    String removeVip(@RequestParam(name = "number") String number, RedirectAttributes redirect) {
        vips.remove(access.require(Permission.TELEPHONY_POLICIES_MANAGE), number);
        redirect.addFlashAttribute("notice", "lists.saved");
        return "redirect:/telephony/lists";
    }

    private String page(Subject s, Map<String, String> errors, Model model) {
        model.addAttribute("members", speech.members(s.tenantId()).stream()
                .flatMap(m -> employees.find(s.tenantId(), m.employeeId()).stream().map(e -> Map.of("employee", e, "addedAt", m.addedAt())))
                .toList());
        model.addAttribute("vips", vips.of(s.tenantId()));
        model.addAttribute("errors", errors);
        model.addAttribute("canManage", s.has(Permission.TELEPHONY_POLICIES_MANAGE));
        return "telephony/lists";
    }
}
