package dev.fortel.identity.web;

import dev.fortel.access.AccessDecisions;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class SignInPage {

    @GetMapping("/login")
    String login() {
        return AccessDecisions.currentOrNull() != null ? "redirect:/" : "auth/login";
    }
}
