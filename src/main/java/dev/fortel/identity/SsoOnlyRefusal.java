package dev.fortel.identity;

import java.io.Serial;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * A password sign-in refused because the person's company signs its people in only through its identity provider. The
 * owner is exempt: their password is the break-glass way in when the IdP is down or misconfigured. The password is not
 * checked, so the refusal is nobody's guess.
 */
final class SsoOnlyRefusal extends BadCredentialsException {

    @Serial
    private static final long serialVersionUID = 1L;

    SsoOnlyRefusal() {
        super("single sign-on only");
    }
}
