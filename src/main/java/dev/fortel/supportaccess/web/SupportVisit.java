package dev.fortel.supportaccess.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import dev.fortel.supportaccess.SupportAccess;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** For every console page an agent sees inside a company: which company, under which grant, until when (the banner). */
@ControllerAdvice(annotations = Controller.class)
class SupportVisit {

    private final SupportAccess support;
    private final Tenants tenants;

    SupportVisit(SupportAccess support, Tenants tenants) {
        this.support = support;
        this.tenants = tenants;
    }

    @ModelAttribute("supportVisit")
    @Nullable Map<String, Object> visit() {
        Subject s = AccessDecisions.currentOrNull();
        if (s == null || !s.support()) {
            return null;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("company", TenantContext.asPlatform(() -> tenants.find(s.tenantId())).map(Tenant::name).orElse(""));
        support.find(s.tenantId(), Objects.requireNonNull(s.supportGrant())).ifPresent(g -> v.put("until", g.expiresAt()));
        return v;
    }
}
