package dev.fortel.identity;

import dev.fortel.identity.iprules.Refusal;
import java.io.Serial;
import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused before its password was checked because IP rules refuse the address. Unlike the
 * generic failure, the person is told why ("not allowed from this network address"), so they can ask their
 * administrator instead of retrying their password; the matching rule goes to the journal only.
 */
final class AddressRefusal extends AuthenticationException {

    @Serial
    private static final long serialVersionUID = 1L;

    // Exceptions are never serialized here (no Java serialization of errors); transient says so.
    private final transient Refusal refusal;

    AddressRefusal(Refusal refusal) {
        super("sign-in refused: network address not allowed (" + refusal.list() + ")");
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }
}
