package dev.fortel.identity.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.PublicEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class SignInPage {

    @PublicEndpoint(reason = "the sign-in form itself")
    @GetMapping("/login")
    String login() {
        return AccessDecisions.currentOrNull() != null ? "redirect:/" : "auth/login";
    }
}
