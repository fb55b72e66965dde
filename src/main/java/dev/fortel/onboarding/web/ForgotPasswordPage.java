package dev.fortel.onboarding.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.PublicEndpoint;
import dev.fortel.onboarding.PasswordResets;
import dev.fortel.platform.RequestOrigin;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's "forgot password" page: asks for the login and says the same afterwards whatever happened. */
@Controller
class ForgotPasswordPage {

    private final PasswordResets resets;

    ForgotPasswordPage(PasswordResets resets) {
        this.resets = resets;
    }

    @PublicEndpoint(reason = "forgot password: the same answer for every login, rate-limited per login and per address")
    @GetMapping("/forgot-password")
    String show() {
        return AccessDecisions.currentOrNull() != null ? "redirect:/" : "auth/forgot";
    }

    @PublicEndpoint(reason = "forgot password: the same answer for every login, rate-limited per login and per address")
    @PostMapping("/forgot-password")
    String request(@RequestParam(required = false) @Nullable String login, HttpServletRequest request, Model model) {
        resets.request(login, RequestOrigin.of(request));
        model.addAttribute("sent", true);
        return "auth/forgot";
    }
}
