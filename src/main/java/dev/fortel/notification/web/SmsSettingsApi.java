package dev.fortel.notification.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.notification.SmsGateway;
import dev.fortel.notification.SmsGatewaySettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The provider's SMS gateway, for its operators. The authorization value goes in, never out. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@RestController
@Tag(name = "Provider SMS")
class SmsSettingsApi {

    private final SmsGateway gateway;
    private final AccessDecisions access;

    SmsSettingsApi(SmsGateway gateway, AccessDecisions access) {
        this.gateway = gateway;
        this.access = access;
    }

    /** @param authValue omitted or null keeps the stored value; an empty string removes it */
    record SettingsBody(@Nullable String url, @Nullable String authHeaderName, @Nullable String authValue, @Nullable String bodyTemplate) {

        @Override
        public String toString() {
            return "SettingsBody[url=" + url + ", auth_value=" + (authValue == null ? "unchanged" : "******") + "]";
        }
    }

    record SettingsView(boolean configured, @Nullable String url, @Nullable String authHeaderName, boolean authValueSet,
            @Nullable String bodyTemplate, @Nullable Instant updatedAt, @Nullable String updatedBy) {

        static SettingsView of(@Nullable SmsGatewaySettings s) {
            return s == null ? new SettingsView(false, null, null, false, null, null, null)
                    : new SettingsView(true, s.url(), s.authHeaderName(), s.authValueSet(), s.bodyTemplate(), s.updatedAt(), s.updatedBy());
        }
    }

    @Operation(summary = "The HTTP gateway SMS codes go through (configured: false means SMS is unavailable)")
    @GetMapping("/api/v1/provider/sms-settings")
    SettingsView get() {
        access.require(Permission.TENANTS_MANAGE);
        return SettingsView.of(gateway.current().orElse(null));
    }

    @Operation(summary = "Set the SMS gateway: url (https, or http on this host), auth_header_name and auth_value, body_template "
            + "(JSON with {{to}} and {{text}})")
    @PutMapping("/api/v1/provider/sms-settings")
    SettingsView put(@RequestBody SettingsBody body) {
        Subject s = access.require(Permission.TENANTS_MANAGE);
        return SettingsView.of(gateway.save(body.url(), body.authHeaderName(), body.authValue(), body.bodyTemplate(), s.login()));
    }

    @Operation(summary = "Remove the SMS gateway: SMS codes become unavailable")
    @DeleteMapping("/api/v1/provider/sms-settings")
    ResponseEntity<Void> delete() {
        access.require(Permission.TENANTS_MANAGE);
        gateway.remove();
        return ResponseEntity.noContent().build();
    }
}
