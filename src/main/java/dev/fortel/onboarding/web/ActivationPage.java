package dev.fortel.onboarding.web;

import dev.fortel.access.PublicEndpoint;
import dev.fortel.identity.Activations;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page behind a setup or activation link: shows the login and lets its owner choose a password. */
@Controller
class ActivationPage {

    private final Activations activations;
    private final ViolationMessages messages;

    ActivationPage(Activations activations, ViolationMessages messages) {
        this.activations = activations;
        this.messages = messages;
    }

    @PublicEndpoint(reason = "the holder of a single-use activation or reset link has no password yet; the link itself is the credential")
    @GetMapping("/activate/{token}")
    String show(@PathVariable String token, Model model) {
        Optional<Activations.Pending> pending = activations.find(token);
        model.addAttribute("pending", pending.orElse(null));
        rules(pending, model);
        return "auth/activate";
    }

    /** The company's password rules, shown next to the field so nobody learns them by failing. */
    private void rules(Optional<Activations.Pending> pending, Model model) {
        model.addAttribute("rules", pending.map(p -> activations.passwordRules(p.tenantId()).stream().map(messages::text).toList())
                .orElse(java.util.List.of()));
    }

    @PublicEndpoint(reason = "the holder of a single-use activation or reset link has no password yet; the link itself is the credential")
    @PostMapping("/activate/{token}")
    String complete(@PathVariable String token, @RequestParam String password, @RequestParam String confirm, Model model,
            HttpServletRequest request, RedirectAttributes redirect) {
        Optional<Activations.Pending> pending = activations.find(token);
        model.addAttribute("pending", pending.orElse(null));
        rules(pending, model);
        if (pending.isEmpty()) {
            return "auth/activate";
        }
        if (!password.equals(confirm)) {
            model.addAttribute("error", "activate.mismatch");
            return "auth/activate";
        }
        try {
            activations.complete(token, password, RequestOrigin.of(request));
        } catch (ValidationFailedException e) {
            model.addAttribute("errorText", String.join("; ", e.violations().stream().map(v -> messages.text(v.text())).toList()));
            return "auth/activate";
        }
        redirect.addAttribute("activated", "");
        return "redirect:/login";
    }
}
