package dev.fortel.identity.saml;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.identity.StepUp;
import dev.fortel.platform.FortelProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The company's SAML identity provider. Whoever controls it decides who signs in and with which roles, so every change
 * needs a recent second factor (of whoever has one) and is journaled.
 */
@RestController
@Tag(name = "Corporate sign-in")
class SamlApi {

    private final SamlProviders providers;
    private final SamlServiceProvider sp;
    private final AccessDecisions access;
    private final StepUp stepUp;
    private final FortelProperties properties;

    SamlApi(SamlProviders providers, SamlServiceProvider sp, AccessDecisions access, StepUp stepUp, FortelProperties properties) {
        this.providers = providers;
        this.sp = sp;
        this.access = access;
        this.stepUp = stepUp;
        this.properties = properties;
    }

    record GroupRoleBody(@Nullable String group, @Nullable String role) {}

    record Body(@Nullable Boolean enabled, @Nullable String metadataXml, @Nullable String metadataUrl, @Nullable String metadataCaPem,
            @Nullable List<String> domains,
            @Nullable Boolean jit, @Nullable Boolean ssoOnly, @Nullable String emailAttribute, @Nullable String nameAttribute,
            @Nullable String phoneAttribute, @Nullable String groupsAttribute, @Nullable List<GroupRoleBody> groupRoles) {

        SamlProviders.Draft draft() {
            return new SamlProviders.Draft(enabled, metadataXml, metadataUrl, metadataCaPem, domains, jit, ssoOnly, emailAttribute, nameAttribute, phoneAttribute,
                    groupsAttribute, groupRoles == null ? null : groupRoles.stream().map(g -> g == null ? null
                            : new SamlProviders.GroupRoleDraft(g.group(), g.role())).toList());
        }
    }

    record View(boolean enabled, String idpEntityId, String ssoUrl, @Nullable String sloUrl, List<String> idpCertificatesSha256,
            @Nullable String metadataUrl, List<String> domains, boolean jit, boolean ssoOnly, @Nullable String emailAttribute,
            @Nullable String nameAttribute, @Nullable String phoneAttribute, @Nullable String groupsAttribute, List<GroupRoleBody> groupRoles,
            Instant createdAt, Instant updatedAt) {

        static View of(SamlSettings s) {
            return new View(s.enabled(), s.idpEntityId(), s.ssoUrl(), s.sloUrl(), SamlProviders.fingerprints(s.idpCertificates()), s.metadataUrl(),
                    s.domains(), s.jit(), s.ssoOnly(), s.emailAttribute(), s.nameAttribute(), s.phoneAttribute(), s.groupsAttribute(),
                    s.groupRoles().stream().map(g -> new GroupRoleBody(g.group(), g.role().code())).toList(), s.createdAt(), s.updatedAt());
        }
    }

    record ServiceProvider(String entityId, String acsUrl, String metadataUrl, String certificatePem) {}

    @Operation(summary = "What to register at your identity provider: Fortel's entity id, assertion consumer service (HTTP-POST) and "
            + "signing certificate; the same is at metadata_url as SAML metadata")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @GetMapping("/api/v1/sso/service-provider")
    ServiceProvider serviceProvider(HttpServletRequest request) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        String base = properties.baseUrl(request.getLocalPort());
        String entityId = SamlServiceProvider.entityId(base, s.tenantId());
        return new ServiceProvider(entityId, SamlServiceProvider.acsUrl(base, s.tenantId()), entityId, sp.certificate(s.tenantId()));
    }

    @Operation(summary = "The company's identity provider: entity id, sign-in address, certificates (by fingerprint), domains and mapping")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @GetMapping("/api/v1/sso")
    View get() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        return View.of(providers.get(s.tenantId()));
    }

    @Operation(summary = "Connect or change the identity provider: metadata_xml (or metadata_url, https only, with metadata_ca_pem when its certificate is of your own CA; left out: kept), domains, "
            + "jit (create employees of the domains at first sign-in), sso_only (password sign-in off except for the owner), attribute names, "
            + "group_roles [{group, role}]")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @PutMapping("/api/v1/sso")
    View save(@RequestBody Body body) {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        stepUp.require(s);
        return View.of(providers.save(s, body.draft()));
    }

    @Operation(summary = "Disconnect the identity provider: its people sign in with a password again (give them one with an activation link)")
    @RequiresFunction(Permission.CORPORATE_SIGN_IN_MANAGE)
    @DeleteMapping("/api/v1/sso")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove() {
        Subject s = access.require(Permission.CORPORATE_SIGN_IN_MANAGE);
        providers.get(s.tenantId());
        stepUp.require(s);
        providers.remove(s);
    }
}
