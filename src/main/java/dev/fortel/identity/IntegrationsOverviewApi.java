package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.platform.RequestOrigin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The list of the company's integrations and notification channels, through the API; each showing is journaled. */
@RestController
@Tag(name = "Integrations")
class IntegrationsOverviewApi {

    private final IntegrationsOverview overview;
    private final AccessDecisions access;

    IntegrationsOverviewApi(IntegrationsOverview overview, AccessDecisions access) {
        this.overview = overview;
        this.access = access;
    }

    @Operation(summary = "Every configured integration and notification channel of your company (integration tokens, e-mail, SMS); journaled")
    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/api/v1/integrations/overview")
    ResponseEntity<IntegrationsOverview.Overview> get(HttpServletRequest request) {
        return ResponseEntity.ok().header("Cache-Control", "no-store")
                .body(overview.show(access.require(Permission.SECURITY_SETTINGS_VIEW), RequestOrigin.of(request)));
    }

    /** The same list in the console: Security → Integrations and channels. */
    @Controller
    static class Page {

        private final IntegrationsOverview overview;
        private final AccessDecisions access;

        Page(IntegrationsOverview overview, AccessDecisions access) {
            this.overview = overview;
            this.access = access;
        }

        @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
        @GetMapping("/security/integrations")
        String show(HttpServletRequest request, Model model) {
            model.addAttribute("overview", overview.show(access.require(Permission.SECURITY_SETTINGS_VIEW), RequestOrigin.of(request)));
            return "security/integrations";
        }
    }
}
