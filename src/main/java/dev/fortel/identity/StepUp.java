package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.identity.factors.SecondFactorStore;
import dev.fortel.platform.StepUpRequiredException;
import dev.fortel.tenancy.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Step-up: a sensitive action needs a second factor proven within the company's step-up time (15 minutes
 * unless changed). A console session remembers when its holder last entered a code (at sign-in or on the
 * step-up page); an API sign-in token remembers it in its row (a code sent at sign-in or to
 * {@code POST /api/v1/auth/step-up}).
 *
 * <p>Who is asked: a person with a second factor that the company accepts. A person without one cannot
 * step up, and is not asked (when the company requires a factor, such a person reaches nothing but
 * enrollment anyway). Integration tokens are not people and present no factor: their creation needed a
 * step-up, and their scope limits what they do. Work outside a web request (the command line) is an
 * operator's on the server itself and is not asked either.
 */
@Component
public class StepUp {

    /** Console session attribute: when the holder last proved a second factor, in epoch milliseconds. */
    static final String SESSION_ATTRIBUTE = "fortel.secondFactorAt";
    /** Request attribute set by the bearer-token filter: when the token's holder last proved a second factor. */
    static final String TOKEN_ATTRIBUTE = StepUp.class.getName() + ".tokenSecondFactorAt";

    private final SecondFactorStore store;
    private final SignInPolicies policies;
    private final Clock clock;

    StepUp(SecondFactorStore store, SignInPolicies policies, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.clock = clock;
    }

    /** @throws StepUpRequiredException when the action must wait for a fresh second factor */
    public void require(Subject s) {
        if (s.restricted() || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
            return;
        }
        SignInPolicy.TwoFactor policy = policies.of(s.tenantId()).twoFactor();
        boolean hasFactor = TenantContext.as(s.tenantId(), () -> store.list(s.tenantId(), s.employeeId())).stream()
                .anyMatch(f -> f.confirmed() && policy.methods().contains(f.method()));
        if (!hasFactor) {
            return;
        }
        Instant at = provenAt(attrs.getRequest());
        if (at == null || at.plus(policy.stepUp()).isBefore(clock.instant())) {
            throw new StepUpRequiredException(Math.max(1, policy.stepUp().toMinutes()));
        }
    }

    /** When the caller last proved a second factor, in this session or with this token. */
    static @Nullable Instant provenAt(HttpServletRequest request) {
        if (request.getAttribute(TOKEN_ATTRIBUTE) instanceof Instant at) {
            return at;
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        return null;
    }

    static void proven(HttpSession session, Instant at) {
        session.setAttribute(SESSION_ATTRIBUTE, at.toEpochMilli());
    }

    /** How long ago a proof may be, for the step-up page's explanation. */
    Duration window(Subject s) {
        return policies.of(s.tenantId()).twoFactor().stepUp();
    }
}
