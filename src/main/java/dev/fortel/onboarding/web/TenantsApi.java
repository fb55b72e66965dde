package dev.fortel.onboarding.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.onboarding.TenantOnboarding;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Client companies, for the provider's operators. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@RestController
@Tag(name = "Tenants")
class TenantsApi {

    private final TenantOnboarding onboarding;
    private final Tenants tenants;
    private final AccessDecisions access;

    TenantsApi(TenantOnboarding onboarding, Tenants tenants, AccessDecisions access) {
        this.onboarding = onboarding;
        this.tenants = tenants;
        this.access = access;
    }

    record CreateTenant(@Nullable String name, @Nullable String ownerEmail, @Nullable String ownerName) {}

    record Created(UUID id, String name, UUID ownerId, String activationUrl) {}

    record TenantView(UUID id, String name, String kind, Instant createdAt) {}

    record TenantList(List<TenantView> items, @Nullable String nextCursor) {}

    @Operation(summary = "Create a client company; its owner's one-time activation link is mailed to them and answered")
    @PostMapping("/api/v1/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@RequestBody CreateTenant body) {
        Subject operator = access.require(Permission.TENANTS_MANAGE);
        TenantOnboarding.Onboarded done = OwnerFields.rename(() -> onboarding.onboard(operator, body.name(), body.ownerEmail(), body.ownerName()));
        return new Created(done.tenant().id().value(), done.tenant().name(), done.owner().id(),
                done.activationUrl());
    }

    @Operation(summary = "List client companies")
    @GetMapping("/api/v1/tenants")
    TenantList list() {
        access.require(Permission.TENANTS_MANAGE);
        List<TenantView> items = TenantContext.asPlatform(() -> tenants.all()).stream()
                .map(t -> new TenantView(t.id().value(), t.name(), t.kind().name().toLowerCase(Locale.ROOT), t.createdAt())).toList();
        return new TenantList(items, null);
    }

    /** Names owner fields as the tenant request does ({@code owner_email}), not as the employee form does ({@code login}). */
    static final class OwnerFields {
        private OwnerFields() {}

        static <T> T rename(java.util.function.Supplier<T> work) {
            try {
                return work.get();
            } catch (ValidationFailedException e) {
                throw new ValidationFailedException(e.violations().stream()
                        .map(v -> v.onField(switch (v.field()) {
                            case "login" -> "owner_email";
                            case "display_name" -> "owner_name";
                            default -> v.field();
                        })).toList());
            } catch (ConflictException e) {
                throw "login".equals(e.field()) ? e.onField("owner_email") : e;
            }
        }
    }

}
