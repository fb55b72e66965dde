package dev.fortel.notification.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.notification.MailSettings;
import dev.fortel.notification.MessageStatus;
import dev.fortel.notification.Outbox;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The provider operator's outbox: every company's mail, and the text of mail not delivered (the local outbox). */
@RequiresFunction(Permission.TENANTS_MANAGE)
@Controller
class OutboxPage {

    private static final int PAGE = 50;

    private final Outbox outbox;
    private final MailSettings settings;
    private final Tenants tenants;
    private final AccessDecisions access;

    OutboxPage(Outbox outbox, MailSettings settings, Tenants tenants, AccessDecisions access) {
        this.outbox = outbox;
        this.settings = settings;
        this.tenants = tenants;
        this.access = access;
    }

    @GetMapping("/outbox")
    String list(@RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String cursor, Model model) {
        access.require(Permission.TENANTS_MANAGE);
        MessageStatus wanted = status == null ? null : MessageStatus.of(status).orElse(null);
        Outbox.Page page;
        try {
            page = outbox.page(wanted, cursor, PAGE);
        } catch (ValidationFailedException badCursor) {
            page = outbox.page(wanted, null, PAGE);
        }
        model.addAttribute("page", page);
        model.addAttribute("status", wanted == null ? "" : wanted.code());
        model.addAttribute("statuses", MessageStatus.values());
        model.addAttribute("relay", settings.current().orElse(null));
        model.addAttribute("companies", names());
        return "outbox/list";
    }

    @GetMapping("/outbox/{id}")
    String open(@PathVariable UUID id, Model model) {
        access.require(Permission.TENANTS_MANAGE);
        Outbox.Opened opened = outbox.open(id).orElseThrow(() -> new NotFoundException("message"));
        model.addAttribute("message", opened.message());
        model.addAttribute("body", opened.body());
        model.addAttribute("companies", names());
        return "outbox/message";
    }

    private Map<UUID, String> names() {
        return TenantContext.asPlatform(() -> tenants.all()).stream().collect(Collectors.toMap(t -> t.id().value(), Tenant::name));
    }
}
