package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.FormNumbers;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.telephony.recordings.RecordingDeliveries;
import dev.fortel.telephony.recordings.RecordingSettings;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Telephony → Recordings: how long recordings are kept, the FTPS server they go to, and each delivery's status. */
@Controller
class RecordingSettingsPage {

    private final RecordingSettings settings;
    private final RecordingDeliveries deliveries;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final ViolationMessages messages;

    RecordingSettingsPage(RecordingSettings settings, RecordingDeliveries deliveries, AccessDecisions access, StepUp stepUp,
            ViolationMessages messages) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.access = access;
        this.stepUp = stepUp;
        this.messages = messages;
    }

    /** The form as posted; the port and the retention are text so that a wrong value is shown back, not lost. */
    record Form(@Nullable String retentionDays, boolean ftpsEnabled, @Nullable String host, @Nullable String port, @Nullable String username,
            @Nullable String password, @Nullable String directory, @Nullable String fileNameTemplate, @Nullable String pinnedSha256) {

        static Form of(RecordingSettings.Settings s) {
            RecordingSettings.Ftps f = s.ftps();
            return new Form(s.retentionDays() == null ? "" : s.retentionDays().toString(), s.ftpsEnabled(), f == null ? "" : f.host(),
                    f == null ? "21" : String.valueOf(f.port()), f == null ? "" : f.username(), "", f == null ? "/" : f.directory(),
                    f == null ? "{date}/{call_id}.{ext}" : f.fileNameTemplate(), f == null || f.pinnedSha256() == null ? "" : f.pinnedSha256());
        }

        @Override
        public String toString() {
            return "Form[" + host + ", password=******]";
        }
    }

    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @GetMapping("/telephony/recordings")
    String show(Model model) {
        Subject s = access.require(Permission.RECORDINGS_MANAGE);
        return page(s, Form.of(settings.of(s.tenantId())), Map.of(), model);
    }

    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @PostMapping("/telephony/recordings")
    String save(@ModelAttribute Form form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.RECORDINGS_MANAGE);
        stepUp.require(s);
        try {
            Integer days = FormNumbers.integer(form.retentionDays(), "retention_days", "recordings.retention",
                    "must be between 1 and 3660 days, or empty to keep recordings");
            Integer port = FormNumbers.integer(form.port(), "ftps.port", "recordings.port", "must be between 1 and 65535 (FTPS with explicit TLS usually listens on 21)");
            settings.change(s, new RecordingSettings.Change(days, form.ftpsEnabled(), form.host(), port, form.username(), form.password(),
                    form.directory(), form.fileNameTemplate(), form.pinnedSha256()));
        } catch (ValidationFailedException invalid) {
            return page(s, form, messages.byField(invalid), model);
        }
        redirect.addFlashAttribute("notice", "recordings.saved");
        return "redirect:/telephony/recordings";
    }

    @RequiresFunction(Permission.RECORDINGS_MANAGE)
    @PostMapping("/telephony/recordings/deliveries/{callId}/retry")
    String retry(@PathVariable("callId") String callId, RedirectAttributes redirect) {
        if (!deliveries.retry(access.require(Permission.RECORDINGS_MANAGE).tenantId(), callId)) {
            throw new NotFoundException("failed delivery");
        }
        redirect.addFlashAttribute("notice", "recordings.retried");
        return "redirect:/telephony/recordings#deliveries";
    }

    private String page(Subject s, Form form, Map<String, String> errors, Model model) {
        RecordingSettings.Settings current = settings.of(s.tenantId());
        model.addAttribute("form", form);
        model.addAttribute("passwordSet", current.ftps() != null && current.ftps().passwordSet());
        model.addAttribute("errors", errors);
        model.addAttribute("deliveries", deliveries.latest(s.tenantId(), 50));
        return "telephony/recordings";
    }
}
