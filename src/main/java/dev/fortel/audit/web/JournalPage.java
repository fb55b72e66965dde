package dev.fortel.audit.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.audit.JournalEntries;
import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.JournalQuery;
import dev.fortel.audit.JournalTypes;
import dev.fortel.audit.JournalVerifications;
import dev.fortel.platform.Cursor;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's journal: a filterable table, newest first, and a button that verifies the chain. */
@Controller
class JournalPage {

    private static final int PAGE = 50;

    private final JournalEntries entries;
    private final dev.fortel.audit.JournalVisibility visibility;
    private final JournalVerifications verifications;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    private final dev.fortel.audit.JournalExports exports;
    private final dev.fortel.identity.StepUp stepUp;

    JournalPage(JournalEntries entries, JournalVerifications verifications, AccessDecisions access, ViolationMessages messages,
            dev.fortel.audit.JournalVisibility visibility, dev.fortel.audit.JournalExports exports, dev.fortel.identity.StepUp stepUp) {
        this.exports = exports;
        this.stepUp = stepUp;
        this.visibility = visibility;
        this.messages = messages;
        this.entries = entries;
        this.verifications = verifications;
        this.access = access;
    }

    @RequiresFunction(Permission.JOURNAL_VIEW)
    @GetMapping("/journal")
    String show(@RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String cursor, Model model) {
        Subject s = access.require(Permission.JOURNAL_VIEW);
        model.addAttribute("types", JournalTypes.ALL);
        model.addAttribute("filter", Map.of("type", nz(type), "from", nz(from), "to", nz(to), "actor", nz(actor)));
        model.addAttribute("canVerify", s.has(Permission.JOURNAL_VERIFY));
        try {
            List<JournalEntry> page = entries.page(s.tenantId(), visibility.limit(JournalQuery.filter(type, from, to, actor, cursor), s), PAGE + 1);
            List<JournalEntry> items = page.stream().limit(PAGE).toList();
            model.addAttribute("items", items);
            model.addAttribute("nextCursor", page.size() > PAGE ? Cursor.encode(Long.toString(items.getLast().seq())) : null);
        } catch (ValidationFailedException e) {
            model.addAttribute("items", List.of());
            model.addAttribute("errors", messages.byField(e));
        }
        return "journal/list";
    }

    @RequiresFunction(Permission.JOURNAL_VERIFY)
    @PostMapping("/journal/verify")
    String verify(RedirectAttributes redirect) {
        Subject s = access.require(Permission.JOURNAL_VERIFY);
        var result = verifications.verifyAndRecord(s.tenantId());
        redirect.addFlashAttribute("verification", result);
        if (result.finding() != null) {
            redirect.addFlashAttribute("verificationProblem", messages.text(result.finding()));
        }
        return "redirect:/journal";
    }

    /**
     * The filtered journal as an NDJSON file of OCSF events (the API's export, through this session). A form post: each
     * export is journaled, and a page elsewhere must not be able to cause one.
     */
    @RequiresFunction(Permission.JOURNAL_VIEW)
    @PostMapping("/journal/export")
    String export(@RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
            jakarta.servlet.http.HttpServletResponse response, RedirectAttributes redirect) throws java.io.IOException {
        Subject s = access.require(Permission.JOURNAL_VIEW);
        stepUp.require(s);
        dev.fortel.audit.JournalEntries.Filter filter;
        try {
            filter = visibility.limit(JournalQuery.filter(blank(type), blank(from), blank(to), blank(actor), null), s);
        } catch (ValidationFailedException e) {
            redirect.addFlashAttribute("exportError", true);
            return "redirect:/journal";
        }
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Disposition", "attachment; filename=\"journal.ndjson\"");
        exports.export(s.tenantId(), filter, null, response.getOutputStream());
        return null;
    }

    private static @org.jspecify.annotations.Nullable String blank(@org.jspecify.annotations.Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
