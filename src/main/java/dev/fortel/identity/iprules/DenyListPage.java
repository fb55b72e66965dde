package dev.fortel.identity.iprules;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The provider operators' page for the provider-wide deny-list, beside the company's own IP rules. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@Controller
class DenyListPage {

    private final DenyListEditor editor;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    DenyListPage(DenyListEditor editor, AccessDecisions access, ViolationMessages messages) {
        this.editor = editor;
        this.access = access;
        this.messages = messages;
    }

    @GetMapping("/provider/ip-deny-list")
    String list(Model model) {
        access.require(Permission.TENANTS_MANAGE);
        return list(form("", ""), Map.of(), model);
    }

    @PostMapping("/provider/ip-deny-list")
    String create(@RequestParam(required = false) String address, @RequestParam(required = false) String note, Model model,
            RedirectAttributes redirect) {
        Subject s = access.require(Permission.TENANTS_MANAGE);
        try {
            DenyEntry e = editor.create(s, address, note);
            redirect.addFlashAttribute("notice", "denylist.notice.created");
            redirect.addFlashAttribute("noticeArg", e.range().text());
            return "redirect:/provider/ip-deny-list";
        } catch (ValidationFailedException e) {
            return list(form(address, note), IpRulesPage.errors(messages, e), model);
        } catch (ConflictException e) {
            return list(form(address, note), IpRulesPage.errors(messages, e), model);
        }
    }

    @GetMapping("/provider/ip-deny-list/{id}")
    String edit(@PathVariable UUID id, Model model) {
        access.require(Permission.TENANTS_MANAGE);
        DenyEntry e = editor.find(id).orElseThrow(() -> new NotFoundException("deny-list entry"));
        return edit(e, form(e.range().text(), e.note()), Map.of(), model);
    }

    @PostMapping("/provider/ip-deny-list/{id}")
    String update(@PathVariable UUID id, @RequestParam(required = false) String address, @RequestParam(required = false) String note,
            Model model, RedirectAttributes redirect) {
        access.require(Permission.TENANTS_MANAGE);
        DenyEntry e = editor.find(id).orElseThrow(() -> new NotFoundException("deny-list entry"));
        try {
            editor.update(id, address == null ? "" : address, note, note == null || note.isBlank());
            redirect.addFlashAttribute("notice", "denylist.notice.saved");
            return "redirect:/provider/ip-deny-list";
        } catch (ValidationFailedException ex) {
            return edit(e, form(address, note), IpRulesPage.errors(messages, ex), model);
        } catch (ConflictException ex) {
            return edit(e, form(address, note), IpRulesPage.errors(messages, ex), model);
        }
    }

    @PostMapping("/provider/ip-deny-list/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        access.require(Permission.TENANTS_MANAGE);
        DenyEntry e = editor.find(id).orElseThrow(() -> new NotFoundException("deny-list entry"));
        editor.delete(id);
        redirect.addFlashAttribute("notice", "denylist.notice.deleted");
        redirect.addFlashAttribute("noticeArg", e.range().text());
        return "redirect:/provider/ip-deny-list";
    }

    private String list(Map<String, String> form, Map<String, String> errors, Model model) {
        model.addAttribute("items", editor.all().stream().map(DenyListApi::view).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("yourAddress", IpRulesPage.yourAddress());
        return "security/ip-deny-list";
    }

    private String edit(DenyEntry e, Map<String, String> form, Map<String, String> errors, Model model) {
        model.addAttribute("entry", DenyListApi.view(e));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("yourAddress", IpRulesPage.yourAddress());
        return "security/ip-deny-entry";
    }

    private static Map<String, String> form(@Nullable String address, @Nullable String note) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("address", address == null ? "" : address);
        form.put("note", note == null ? "" : note);
        return form;
    }
}
