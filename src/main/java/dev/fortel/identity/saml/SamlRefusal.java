package dev.fortel.identity.saml;

import java.io.Serial;

/**
 * A SAML response that signs nobody in. {@code reason} is the journal's stable code ({@code saml_unsigned},
 * {@code saml_bad_signature}, {@code saml_replayed}, …); {@code detail} is what the library said, for the journal only:
 * the person sees the generic message.
 */
public final class SamlRefusal extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String reason;

    public SamlRefusal(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
