package dev.fortel.onboarding.web;

import dev.fortel.access.PublicEndpoint;
import dev.fortel.identity.Activations;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Completing a setup or activation link without the console. */
@RestController
@Tag(name = "Activation")
class ActivationApi {

    private final Activations activations;

    ActivationApi(Activations activations) {
        this.activations = activations;
    }

    record LinkInfo(String login, String displayName, String purpose, Instant expiresAt) {}

    record ChoosePassword(@Nullable String password) {}

    record Activated(String login, String status) {}

    @Operation(summary = "What a link is for (the login it activates)")
    @PublicEndpoint(reason = "the holder of a single-use activation or reset link has no password yet; the link itself is the credential")
    @GetMapping("/api/v1/activation/{token}")
    LinkInfo info(@PathVariable String token) {
        Activations.Pending p = activations.find(token).orElseThrow(() -> new NotFoundException("activation link"));
        return new LinkInfo(p.login(), p.displayName(), p.purpose().toLowerCase(java.util.Locale.ROOT), p.expiresAt());
    }

    @Operation(summary = "Choose the password and use the link up")
    @PublicEndpoint(reason = "the holder of a single-use activation or reset link has no password yet; the link itself is the credential")
    @PostMapping("/api/v1/activation/{token}")
    Activated complete(@PathVariable String token, @RequestBody ChoosePassword body, HttpServletRequest request) {
        if (activations.find(token).isEmpty()) {
            throw new NotFoundException("activation link");
        }
        Activations.Pending p = activations.complete(token, body.password() == null ? "" : body.password(), RequestOrigin.of(request));
        return new Activated(p.login(), "active");
    }
}
