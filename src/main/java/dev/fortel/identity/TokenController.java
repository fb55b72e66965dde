package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.PublicEndpoint;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** API sign-in and sign-out, and "who am I". */
@RestController
@Tag(name = "Authentication")
class TokenController {

    private static final int MAX_CREDENTIALS = 1024;

    private final AuthenticationManager authentication;
    private final ApiTokens tokens;
    private final AccessDecisions access;

    TokenController(AuthenticationManager authentication, ApiTokens tokens, AccessDecisions access) {
        this.authentication = authentication;
        this.tokens = tokens;
        this.access = access;
    }

    record TokenResponse(String token, Instant expiresAt) {}

    record Me(UUID id, UUID tenantId, String login, String displayName, List<String> roles, boolean provider) {}

    @Operation(summary = "Sign in with HTTP Basic login:password and receive a bearer token")
    @PublicEndpoint(reason = "API sign-in: exchanges login and password for a token, guarded like the sign-in form")
    @PostMapping("/api/v1/auth/token")
    ResponseEntity<?> issue(@RequestHeader(name = "Authorization", required = false) String header, HttpServletRequest request) {
        String[] credentials = basic(header);
        if (credentials == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"fortel\", charset=\"UTF-8\"")
                    .body(Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Unauthenticated",
                            "Send your login and password as HTTP Basic credentials: Authorization: Basic base64(login:password)."));
        }
        Authentication result;
        try {
            // Outside any transaction: a failed attempt's journal event must commit although the attempt fails.
            result = authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(credentials[0], credentials[1]));
        } catch (AddressRefusal e) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(addressNotAllowed());
        } catch (AuthenticationException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"fortel\", charset=\"UTF-8\"")
                    .body(signInFailed());
        }
        Subject subject = ((FortelUser) result.getPrincipal()).subject();
        ApiTokens.Issued issued = dev.fortel.tenancy.TenantContext.as(subject.tenantId(), () -> tokens.issue(subject, RequestOrigin.of(request)));
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new TokenResponse(issued.token(), issued.expiresAt()));
    }

    @Operation(summary = "Sign out: revoke the bearer token this request carries")
    @SignedInOnly(reason = "signs out: revokes the sign-in token this request carries")
    @DeleteMapping("/api/v1/auth/token")
    ResponseEntity<Void> revoke(HttpServletRequest request) {
        // An integration token is not a sign-in: an administrator revokes it (DELETE /api/v1/integration-tokens/{id}).
        Subject subject = access.requirePerson();
        Object token = request.getAttribute(BearerTokenFilter.ApiTokenAttribute.NAME);
        if (token instanceof String t) {
            tokens.revoke(t, subject, RequestOrigin.of(request));
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The signed-in caller")
    @SignedInOnly(reason = "describes the caller itself; an integration token may ask whom it acts for", integrationTokens = true)
    @GetMapping("/api/v1/me")
    Me me() {
        Subject s = access.current();
        return new Me(s.employeeId(), s.tenantId().value(), s.login(), s.displayName(), FortelUser.roleNames(s), s.provider());
    }

    /** The same answer for every cause (unknown login, wrong password, disabled account): no account oracle. */
    static ProblemDetail signInFailed() {
        return Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Sign-in failed",
                "The login or password is incorrect, or the account cannot sign in. Check them and try again.");
    }

    /** IP rules refused the address: said plainly, so the person asks their administrator instead of retrying the password. */
    static ProblemDetail addressNotAllowed() {
        return Problems.of(HttpStatus.FORBIDDEN, Problems.ADDRESS_NOT_ALLOWED, "Network address not allowed",
                "Sign-in from this network address is not allowed for this account; contact your administrator.");
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || header.length() > MAX_CREDENTIALS) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
