package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.telephony.CallHistory;
import dev.fortel.telephony.CallRecord;
import dev.fortel.telephony.recordings.CallRecordings;
import dev.fortel.telephony.recordings.RecordingLink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Telephony → Call history: a search form (days in UTC, number, direction, outcome), the calls found within the
 * searcher's reach (each search journaled, as through the API), a player for a recording, its download, and
 * exports. Recordings open through short-lived links bound to this console session.
 */
@Controller
class CallHistoryPage {

    private static final int PAGE = 100;

    private final CallHistory history;
    private final CallRecordings recordings;
    private final Employees employees;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;

    CallHistoryPage(CallHistory history, CallRecordings recordings, Employees employees, AccessDecisions access, StepUp stepUp,
            ViolationMessages messages) {
        this.history = history;
        this.recordings = recordings;
        this.employees = employees;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
    }

    /** The search form as submitted: every field optional, days as {@code yyyy-MM-dd} (UTC). */
    record Search(@Nullable String from, @Nullable String to, @Nullable String number, @Nullable String direction, @Nullable String disposition) {

        Search {
            from = blankToNull(from);
            to = blankToNull(to);
            number = blankToNull(number);
            direction = blankToNull(direction);
            disposition = blankToNull(disposition);
        }

        private static @Nullable String blankToNull(@Nullable String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /** The filter, or the form's own errors (a day that is not a date). */
        CallHistory.Filter filter() {
            return new CallHistory.Filter(day(from, "from", 0), day(to, "to", 1), number, null, direction, disposition);
        }

        private static @Nullable Instant day(@Nullable String text, String field, int plusDays) {
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw ValidationFailedException.of(field, "history.day", "must be a day such as 2026-12-31");
            }
        }
    }

    @RequiresFunction(Permission.CALLS_HISTORY_VIEW)
    @GetMapping("/telephony/calls")
    String show(@ModelAttribute Search search, Model model) {
        return page(access.require(Permission.CALLS_HISTORY_VIEW), search, null, model);
    }

    /** Renders the page again with a player for the call's recording (the link is this session's, for minutes). */
    @RequiresFunction(Permission.RECORDINGS_LISTEN)
    @PostMapping("/telephony/calls/{callId}/listen")
    String listen(@PathVariable("callId") String callId, @ModelAttribute Search search, Model model) {
        Subject s = access.require(Permission.RECORDINGS_LISTEN);
        stepUp.require(s);
        RecordingLink link = recordings.link(s, access.reachableEmployees(s, Permission.RECORDINGS_LISTEN), callId, RecordingLink.Purpose.PLAY);
        model.addAttribute("playing", Map.of("callId", callId, "url", "/calls/recordings/play/" + link.id(), "expiresAt", link.expiresAt()));
        return page(access.require(Permission.CALLS_HISTORY_VIEW), search, null, model);
    }

    @RequiresFunction(Permission.RECORDINGS_DOWNLOAD)
    @PostMapping("/telephony/calls/{callId}/download")
    String download(@PathVariable("callId") String callId) {
        Subject s = access.require(Permission.RECORDINGS_DOWNLOAD);
        stepUp.require(s);
        RecordingLink link = recordings.link(s, access.reachableEmployees(s, Permission.RECORDINGS_DOWNLOAD), callId, RecordingLink.Purpose.DOWNLOAD);
        return "redirect:/calls/recordings/download/" + link.id();
    }

    /** An export is a form post, not a link: each one is journaled, and a page elsewhere must not be able to cause one. */
    @RequiresFunction(Permission.CALLS_HISTORY_VIEW)
    @PostMapping("/telephony/calls/export")
    Object export(@ModelAttribute Search search, @org.springframework.web.bind.annotation.RequestParam(name = "format", defaultValue = "csv") String format,
            Model model) {
        Subject s = access.require(Permission.CALLS_HISTORY_VIEW);
        stepUp.require(s);
        try {
            String body = history.export(s, access.reachableEmployees(s, Permission.CALLS_HISTORY_VIEW), search.filter(), format);
            boolean csv = "csv".equals(format);
            return ResponseEntity.ok().header("Cache-Control", "no-store")
                    .header("Content-Disposition", "attachment; filename=\"calls." + (csv ? "csv" : "json") + "\"")
                    .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON).body(body);
        } catch (ValidationFailedException invalid) {
            return page(s, search, messages.byField(invalid), model);
        }
    }

    private String page(Subject s, Search search, @Nullable Map<String, String> formErrors, Model model) {
        Map<String, String> errors = formErrors == null ? Map.of() : formErrors;
        List<CallRecord> calls = List.of();
        if (formErrors == null) {
            try {
                calls = history.search(s, access.reachableEmployees(s, Permission.CALLS_HISTORY_VIEW), search.filter(), PAGE);
            } catch (ValidationFailedException invalid) {
                errors = messages.byField(invalid);
            }
        }
        Map<UUID, Employee> people = new HashMap<>();
        for (CallRecord c : calls) {
            if (c.employeeId() != null) {
                people.computeIfAbsent(c.employeeId(), id -> employees.find(s.tenantId(), id).orElse(null));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", search.from());
        query.put("to", search.to());
        query.put("number", search.number());
        query.put("direction", search.direction());
        query.put("disposition", search.disposition());
        model.addAttribute("search", search);
        model.addAttribute("query", query);
        model.addAttribute("calls", calls);
        model.addAttribute("people", people);
        model.addAttribute("full", calls.size() == PAGE);
        model.addAttribute("errors", errors);
        model.addAttribute("canListen", s.has(Permission.RECORDINGS_LISTEN));
        model.addAttribute("canDownload", s.has(Permission.RECORDINGS_DOWNLOAD));
        return "telephony/calls";
    }
}
