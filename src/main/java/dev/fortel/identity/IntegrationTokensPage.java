package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "API tokens" page under Integrations: create a token (its secret shown once, on the page that
 * answers the creation), list the company's tokens and revoke them. Times are UTC, as everywhere in the console.
 */
@RequiresFunction(Permission.INTEGRATIONS_MANAGE)
@Controller
class IntegrationTokensPage {

    private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final Duration SUGGESTED = Duration.ofDays(30);

    private final IntegrationTokens tokens;
    private final SignInPolicies policies;
    private final Employees employees;
    private final AccessDecisions access;
    private final ViolationMessages messages;
    private final Clock clock;

    IntegrationTokensPage(IntegrationTokens tokens, SignInPolicies policies, Employees employees, AccessDecisions access,
            ViolationMessages messages, Clock clock) {
        this.tokens = tokens;
        this.policies = policies;
        this.employees = employees;
        this.access = access;
        this.messages = messages;
        this.clock = clock;
    }

    /** What the form shows again after a refusal. */
    record Form(String name, String expiresAt, List<String> scope) {}

    @GetMapping("/integrations")
    String list(Model model) {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        Duration max = policies.of(s.tenantId()).apiTokens().maxLifetime();
        Instant suggested = clock.instant().plus(SUGGESTED.compareTo(max) < 0 ? SUGGESTED : max).truncatedTo(ChronoUnit.MINUTES);
        return page(s, new Form("", LOCAL_MINUTES.format(suggested.atOffset(ZoneOffset.UTC)), List.of()), Map.of(), null, model);
    }

    /** The secret is shown once, in the answer to the creation; coming back (a reload) leads to the list. */
    @PostMapping("/integrations")
    String create(@RequestParam(required = false) @Nullable String name, @RequestParam(required = false) @Nullable String expiresAt,
            @RequestParam(required = false) @Nullable List<String> scope, Model model) {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        List<String> codes = scope == null ? List.of() : scope;
        Form form = new Form(name == null ? "" : name, expiresAt == null ? "" : expiresAt, codes);
        Instant expires;
        try {
            expires = expiresAt == null || expiresAt.isBlank() ? null : LocalDateTime.parse(expiresAt.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return page(s, form, messages.byField(List.of(new ValidationFailedException.Violation("expires_at", "integrationToken.expiryFormat",
                    "must be a date and time such as 2026-12-31T18:00 (UTC)"))), null, model);
        }
        try {
            IntegrationTokens.Created created = tokens.create(s, name, codes, expires);
            model.addAttribute("notice", "integrations.created");
            model.addAttribute("noticeArg", created.token().name());
            return page(s, new Form("", form.expiresAt(), List.of()), Map.of(), created, model);
        } catch (ValidationFailedException e) {
            return page(s, form, messages.byField(e), null, model);
        }
    }

    @PostMapping("/integrations/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        IntegrationTokens.Token t = tokens.revoke(s, id);
        redirect.addFlashAttribute("notice", "integrations.revoked");
        redirect.addFlashAttribute("noticeArg", t.name());
        return "redirect:/integrations";
    }

    private String page(Subject s, Form form, Map<String, String> errors, IntegrationTokens.@Nullable Created created, Model model) {
        List<IntegrationTokens.Token> all = tokens.list(s.tenantId());
        Instant now = clock.instant();
        Duration max = policies.of(s.tenantId()).apiTokens().maxLifetime();
        Map<String, String> statuses = new LinkedHashMap<>();
        all.forEach(t -> statuses.put(t.id().toString(), t.status(now).code()));
        model.addAttribute("tokens", all);
        model.addAttribute("statuses", statuses);
        model.addAttribute("creators", employees.names(s.tenantId(), all.stream().map(IntegrationTokens.Token::creatorId).collect(Collectors.toSet())));
        // Only functions the person holds can be put in a scope, so only those are offered.
        model.addAttribute("grantable", Arrays.stream(Permission.values()).filter(s::has).map(Permission::code).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("created", created);
        model.addAttribute("maxLifetime", DurationText.of(max, LocaleContextHolder.getLocale()));
        model.addAttribute("latest", now.plus(max));
        return "integrations/tokens";
    }
}
