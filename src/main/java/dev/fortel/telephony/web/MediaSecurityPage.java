package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import dev.fortel.telephony.MediaSecurity;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Telephony → Media security: SIP over TLS and SRTP as two choices. */
@Controller
class MediaSecurityPage {

    private final MediaSecurity media;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    MediaSecurityPage(MediaSecurity media, AccessDecisions access, ViolationMessages messages) {
        this.media = media;
        this.access = access;
        this.messages = messages;
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/telephony/media-security")
    String show(Model model) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_VIEW);
        MediaSecurity.Policy p = media.of(s.tenantId());
        return page(s, p.sipTls().name().toLowerCase(Locale.ROOT), p.srtp().name().toLowerCase(Locale.ROOT), Map.of(), model);
    }

    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PostMapping("/telephony/media-security")
    String save(@RequestParam(name = "sipTls", required = false) @Nullable String sipTls, @RequestParam(name = "srtp", required = false) @Nullable String srtp,
            Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.TELEPHONY_POLICIES_MANAGE);
        try {
            media.change(s, sipTls, srtp);
        } catch (ValidationFailedException e) {
            return page(s, sipTls == null ? "" : sipTls, srtp == null ? "" : srtp, messages.byField(e), model);
        }
        redirect.addFlashAttribute("notice", "media.saved");
        return "redirect:/telephony/media-security";
    }

    private String page(Subject s, String sipTls, String srtp, Map<String, String> errors, Model model) {
        model.addAttribute("sipTls", sipTls);
        model.addAttribute("srtp", srtp);
        model.addAttribute("errors", errors);
        model.addAttribute("canManage", s.has(Permission.TELEPHONY_POLICIES_MANAGE));
        return "telephony/media";
    }
}
