package dev.fortel.identity;

import dev.fortel.platform.FortelProperties;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two WebAuthn ceremonies, through Spring Security's relying-party operations (webauthn4j checks the
 * attestation, the signature, the challenge, the origin and the relying-party id): registering a passkey
 * for the signed-in person, and checking an assertion. The options of a ceremony wait in the session that
 * asked for them and are used once. Fortel drives the ceremonies from its own pages instead of Spring's
 * login filter, because a passkey here is usually a second factor of a sign-in that is already half done.
 *
 * <p>The relying party is the console's public address ({@code fortel.public-url}, or the TLS host name and
 * the server's port): its host is the RP id and its origin the only one accepted.
 */
@Component
class PasskeyCeremonies {

    static final String CREATION = PasskeyCeremonies.class.getName() + ".creation";
    static final String REQUEST = PasskeyCeremonies.class.getName() + ".request";
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** A ceremony that did not prove anything; the reason is for the journal only. */
    static final class Refused extends RuntimeException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    private final PasskeyStore credentials;
    private final PasskeyUsers users;
    private final FortelProperties properties;
    private final ApplicationContext context;
    private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
    private volatile @Nullable Webauthn4JRelyingPartyOperations operations;
    private volatile @Nullable String rpId;
    private volatile @Nullable PublicKeyCredentialRpEntity rp;

    PasskeyCeremonies(PasskeyStore credentials, PasskeyUsers users, FortelProperties properties, ApplicationContext context) {
        this.credentials = credentials;
        this.users = users;
        this.properties = properties;
        this.context = context;
    }

    /**
     * What registration needs of its options, kept in the session between the two requests: Spring's creation
     * options are not serializable, and the session store keeps attributes serialized.
     */
    record PendingRegistration(String challenge, String userId, String userName, String displayName, String userVerification,
            List<Long> algorithms) implements java.io.Serializable {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        static PendingRegistration of(PublicKeyCredentialCreationOptions o) {
            return new PendingRegistration(o.getChallenge().toBase64UrlString(), o.getUser().getId().toBase64UrlString(), o.getUser().getName(),
                    o.getUser().getDisplayName(), o.getAuthenticatorSelection().getUserVerification().getValue(),
                    o.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList());
        }

        PublicKeyCredentialCreationOptions options(PublicKeyCredentialRpEntity rp) {
            List<PublicKeyCredentialParameters> params = new java.util.ArrayList<>();
            for (PublicKeyCredentialParameters known : List.of(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
                    PublicKeyCredentialParameters.ES384, PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256,
                    PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512)) {
                if (algorithms.contains(known.getAlg().getValue())) {
                    params.add(known);
                }
            }
            UserVerificationRequirement uv = UserVerificationRequirement.REQUIRED.getValue().equals(userVerification)
                    ? UserVerificationRequirement.REQUIRED : UserVerificationRequirement.PREFERRED;
            return PublicKeyCredentialCreationOptions.builder().rp(rp).challenge(Bytes.fromBase64(challenge)).timeout(TIMEOUT)
                    .user(org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity.builder()
                            .id(Bytes.fromBase64(userId)).name(userName).displayName(displayName).build())
                    .pubKeyCredParams(params)
                    .authenticatorSelection(AuthenticatorSelectionCriteria.builder().residentKey(ResidentKeyRequirement.REQUIRED)
                            .userVerification(uv).build())
                    .build();
        }
    }

    /** Options for registering a passkey for the signed-in person, kept in the session; as JSON for the browser. */
    String registrationOptions(Authentication person, HttpSession session) {
        PublicKeyCredentialCreationOptions options = operations()
                .createPublicKeyCredentialCreationOptions(new ImmutablePublicKeyCredentialCreationOptionsRequest(person));
        session.setAttribute(CREATION, PendingRegistration.of(options));
        return json.writeValueAsString(options);
    }

    /** Registers the browser's new credential against the session's options (used once); the store makes it a factor. */
    CredentialRecord register(HttpSession session, String body, String label) {
        Object options = session.getAttribute(CREATION);
        session.removeAttribute(CREATION);
        if (!(options instanceof PendingRegistration pending)) {
            throw new Refused("no_registration_pending");
        }
        PublicKeyCredentialCreationOptions creation = pending.options(rp());
        try {
            JsonNode tree = json.readTree(body);
            JsonNode credential = tree.path("publicKey").path("credential");
            RelyingPartyPublicKey key = new RelyingPartyPublicKey(json.treeToValue(credential,
                    new TypeReference<PublicKeyCredential<org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse>>() { }),
                    label);
            return operations().registerCredential(new ImmutableRelyingPartyRegistrationRequest(creation, key));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new Refused("malformed_or_invalid_registration");
        } catch (RuntimeException e) {
            // webauthn4j's verification failures (bad attestation, wrong origin or challenge) are runtime exceptions.
            throw new Refused("registration_not_verified");
        }
    }

    /**
     * Options for an assertion, kept in the session. For a known person (a second factor) they name the person's
     * credentials; for a passkey sign-in ({@code person} null) they name none, so the authenticator offers its
     * discoverable passkeys, and user verification is required: the passkey is then the only proof.
     */
    String requestOptions(@Nullable Authentication person, HttpSession session) {
        PublicKeyCredentialRequestOptions options;
        if (person != null) {
            options = operations().createCredentialRequestOptions(new ImmutablePublicKeyCredentialRequestOptionsRequest(person));
        } else {
            operations();
            options = PublicKeyCredentialRequestOptions.builder().challenge(Bytes.random()).rpId(rpId).timeout(TIMEOUT)
                    .allowCredentials(List.of()).userVerification(UserVerificationRequirement.REQUIRED).build();
        }
        session.setAttribute(REQUEST, options);
        return json.writeValueAsString(options);
    }

    /** What an accepted assertion proved: whose passkey, and which. */
    record Asserted(PublicKeyCredentialUserEntity user, PasskeyStore.Owner owner) {}

    /** Checks the browser's assertion against the session's options (used once). */
    Asserted authenticate(HttpSession session, String body) {
        Object options = session.getAttribute(REQUEST);
        session.removeAttribute(REQUEST);
        if (!(options instanceof PublicKeyCredentialRequestOptions request)) {
            throw new Refused("no_assertion_pending");
        }
        PublicKeyCredential<AuthenticatorAssertionResponse> credential;
        try {
            credential = json.readValue(body, new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>>() { });
        } catch (JacksonException | IllegalArgumentException e) {
            throw new Refused("malformed_assertion");
        }
        var owner = credentials.owner(credential.getRawId()).orElseThrow(() -> new Refused("unknown_passkey"));
        try {
            PublicKeyCredentialUserEntity user = operations().authenticate(new RelyingPartyAuthenticationRequest(request, credential));
            if (user == null) {
                throw new Refused("unknown_passkey");
            }
            return new Asserted(user, owner);
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Refused("assertion_not_verified");
        }
    }

    private PublicKeyCredentialRpEntity rp() {
        operations();
        return java.util.Objects.requireNonNull(rp);
    }

    private Webauthn4JRelyingPartyOperations operations() {
        Webauthn4JRelyingPartyOperations ops = operations;
        if (ops == null) {
            synchronized (this) {
                ops = operations;
                if (ops == null) {
                    int port = context instanceof WebServerApplicationContext web && web.getWebServer() != null ? web.getWebServer().getPort() : 8443;
                    URI base = URI.create(properties.baseUrl(port));
                    String origin = base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
                    rpId = base.getHost();
                    rp = PublicKeyCredentialRpEntity.builder().id(base.getHost()).name("Fortel").build();
                    ops = new Webauthn4JRelyingPartyOperations(users, credentials, rp, Set.of(origin));
                    // Discoverable credentials, so that a passkey can also sign in without a login typed first.
                    ops.setCustomizeCreationOptions(b -> b.timeout(TIMEOUT).authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                            .residentKey(ResidentKeyRequirement.REQUIRED).userVerification(UserVerificationRequirement.PREFERRED).build()));
                    operations = ops;
                }
            }
        }
        return ops;
    }
}
