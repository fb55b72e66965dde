package dev.fortel.notification.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.notification.MailServer;
import dev.fortel.notification.MailServerDraft;
import dev.fortel.notification.MailSettings;
import dev.fortel.notification.MessageStatus;
import dev.fortel.notification.OutboxMessage;
import dev.fortel.notification.TestMail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The provider's SMTP relay, for its operators. The password goes in, never out: answers say only whether one is set. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@RestController
@Tag(name = "Provider mail")
class MailSettingsApi {

    private final MailSettings settings;
    private final TestMail testMail;
    private final AccessDecisions access;

    MailSettingsApi(MailSettings settings, TestMail testMail, AccessDecisions access) {
        this.settings = settings;
        this.testMail = testMail;
        this.access = access;
    }

    /**
     * @param password omitted or null keeps the stored password; an empty string removes it
     * @param trustedCertificate PEM certificates the relay's certificate must chain to instead of the JVM's trust store
     */
    record SettingsBody(@Nullable String host, @Nullable Integer port, @Nullable String security, @Nullable String username,
            @Nullable String password, @Nullable String fromAddress, @Nullable String trustedCertificate) {

        @Override
        public String toString() {
            return "SettingsBody[host=" + host + ", password=" + (password == null ? "unchanged" : "******") + "]";
        }
    }

    record SettingsView(boolean configured, @Nullable String host, @Nullable Integer port, @Nullable String security,
            @Nullable String username, boolean passwordSet, @Nullable String fromAddress, @Nullable String trustedCertificate,
            @Nullable Instant updatedAt, @Nullable String updatedBy) {

        static SettingsView of(@Nullable MailServer s) {
            if (s == null) {
                return new SettingsView(false, null, null, null, null, false, null, null, null, null);
            }
            return new SettingsView(true, s.host(), s.port(), s.security().code(), s.username(), s.passwordSet(), s.fromAddress(),
                    s.trustedCertificate(), s.updatedAt(), s.updatedBy());
        }
    }

    record TestRequest(@Nullable String to) {}

    record TestResult(UUID messageId, String to, String status, boolean delivered, @Nullable String error) {}

    @Operation(summary = "The SMTP relay outbound mail goes through (configured: false means mail stays in the local outbox)")
    @GetMapping("/api/v1/provider/mail-settings")
    SettingsView get() {
        access.require(Permission.TENANTS_MANAGE);
        return SettingsView.of(settings.current().orElse(null));
    }

    @Operation(summary = "Set the SMTP relay; omit password to keep the stored one, send \"\" to remove it")
    @PutMapping("/api/v1/provider/mail-settings")
    SettingsView put(@RequestBody SettingsBody body) {
        Subject operator = access.require(Permission.TENANTS_MANAGE);
        return SettingsView.of(settings.save(new MailServerDraft(body.host(), body.port(), body.security(), body.username(), body.password(),
                body.fromAddress(), body.trustedCertificate()), operator.login()));
    }

    @Operation(summary = "Remove the SMTP relay: mail stays in the local outbox from now on")
    @DeleteMapping("/api/v1/provider/mail-settings")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete() {
        access.require(Permission.TENANTS_MANAGE);
        settings.remove();
    }

    @Operation(summary = "Send a test message through the relay now (to the caller unless 'to' is given) and report the outcome")
    @PostMapping("/api/v1/provider/mail-settings/test")
    TestResult test(@RequestBody(required = false) @Nullable TestRequest body) {
        Subject operator = access.require(Permission.TENANTS_MANAGE);
        String to = body == null || body.to() == null || body.to().isBlank() ? operator.login() : body.to().strip();
        Locale locale = LocaleContextHolder.getLocale();
        OutboxMessage m = testMail.send(to, locale);
        return new TestResult(m.id(), m.recipient(), m.status().code(), m.status() == MessageStatus.SENT, m.lastError());
    }
}
