package dev.fortel.identity.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Metadata;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.w3c.dom.Document;

/**
 * Fortel as a company's SAML service provider: its metadata, the signed AuthnRequest that sends a person to the IdP, and
 * the strict check of what comes back. The library is set strict: a response must be signed (the response, the
 * assertion or both) by one of the IdP's certificates from its metadata, and must name Fortel's entity id as audience and
 * its ACS as recipient and destination, within its validity (the library allows three minutes of clock skew). What
 * the library cannot remember, this class does: which requests were sent (an {@code InResponseTo} must name one of this
 * company's, unexpired, once) and which assertions were consumed (a second use is a replay).
 */
@Service
public class SamlServiceProvider {

    /** How long a person may take at the IdP before the answer to Fortel's request is no longer accepted. */
    static final Duration REQUEST_LIFETIME = Duration.ofMinutes(10);
    /** How long an assertion id is remembered when its assertion names no expiry (SAML requires one; this is a floor). */
    private static final Duration REPLAY_FLOOR = Duration.ofMinutes(10);

    /**
     * Who the IdP says signed in, and what it says about them; {@code provider} is the company's IdP settings the
     * response was checked against, so that mapping it onto an employee need not read them again.
     */
    public record Assertion(SamlSettings provider, String nameId, String nameIdFormat, Map<String, List<String>> attributes,
            @Nullable String requestId) {

        public @Nullable String first(@Nullable String attribute) {
            if (attribute == null) {
                return null;
            }
            List<String> values = attributes.get(attribute);
            return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
        }
    }

    /** Where to send the browser for an SP-initiated sign-in. */
    public record Redirect(String url, String requestId) {}

    private final SamlProviders providers;
    private final ServiceProviderKeys keys;
    private final JdbcClient jdbc;
    private final Clock clock;

    SamlServiceProvider(SamlProviders providers, ServiceProviderKeys keys, JdbcClient jdbc, Clock clock) {
        this.providers = providers;
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Fortel's entity id for the company: the address of its metadata. */
    public static String entityId(String baseUrl, TenantId tenant) {
        return baseUrl + "/saml/" + tenant.value() + "/metadata";
    }

    /** Where the IdP posts its responses for the company (HTTP-POST binding). */
    public static String acsUrl(String baseUrl, TenantId tenant) {
        return baseUrl + "/saml/" + tenant.value() + "/acs";
    }

    /** The company's SP certificate (PEM), for the administrator to give the IdP. */
    public String certificate(TenantId tenant) {
        return TenantContext.as(tenant, () -> keys.of(tenant).certificatePem());
    }

    /** Fortel's SP metadata for the company: entity id, ACS, signing certificate; AuthnRequests are signed. */
    public String metadata(String baseUrl, TenantId tenant) {
        return TenantContext.as(tenant, () -> {
            try {
                // The library's default says the metadata expires in two days; an IdP that imported it once would then
                // stop trusting Fortel. Nothing in it changes unless the company's key does (ten years), so a year, re-read daily.
                java.util.Calendar validUntil = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
                validUntil.setTimeInMillis(clock.instant().plus(Duration.ofDays(365)).toEpochMilli());
                return new Metadata(settings(baseUrl, tenant, null), validUntil, 86_400).getMetadataString();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("the SP certificate cannot be encoded", e);
            }
        });
    }

    /**
     * A signed AuthnRequest for the HTTP-Redirect binding (SAML bindings §3.4.4.1: the signature covers
     * {@code SAMLRequest}, {@code RelayState} and {@code SigAlg} as they appear in the query), remembered so that the
     * answer can be matched to it.
     */
    public Redirect loginRedirect(String baseUrl, TenantId tenant) {
        return TenantContext.as(tenant, () -> {
            SamlSettings idp = providers.get(tenant);
            if (!idp.enabled()) {
                throw new SamlRefusal("saml_off", "single sign-on is switched off");
            }
            Saml2Settings s = settings(baseUrl, tenant, idp);
            try {
                AuthnRequest request = new AuthnRequest(s, new AuthnRequestParams(false, false, true, true, null));
                String encoded = request.getEncodedAuthnRequest();
                String query = "SAMLRequest=" + enc(encoded) + "&SigAlg=" + enc(Constants.RSA_SHA256);
                PrivateKey key = s.getSPkey();
                String signature = Util.base64encoder(Util.sign(query, key, Constants.RSA_SHA256));
                jdbc.sql("INSERT INTO saml_requests (tenant_id, id, expires_at) VALUES (:t, :id, :exp)").param("t", tenant.value())
                        .param("id", request.getId()).param("exp", ts(clock.instant().plus(REQUEST_LIFETIME))).update();
                String sso = idp.ssoUrl();
                return new Redirect(sso + (sso.contains("?") ? "&" : "?") + query + "&Signature=" + enc(signature), request.getId());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign the AuthnRequest", e);
            }
        });
    }

    /**
     * Checks a posted {@code SAMLResponse} for the company and returns who it signs in, or refuses it with the reason.
     * Runs each database step in its own statement (no enclosing transaction), so that a refusal's journal entry is
     * never rolled back with it.
     */
    public Assertion consume(String baseUrl, TenantId tenant, String samlResponse) {
        return TenantContext.as(tenant, () -> {
            SamlSettings idp = providers.find(tenant).orElseThrow(() -> new SamlRefusal("saml_not_configured", "no identity provider"));
            if (!idp.enabled()) {
                throw new SamlRefusal("saml_off", "single sign-on is switched off");
            }
            String acs = acsUrl(baseUrl, tenant);
            Saml2Settings s = settings(baseUrl, tenant, idp);
            SamlResponse response;
            try {
                response = new SamlResponse(s, acs, samlResponse);
            } catch (ValidationError e) {
                throw refusal(e);
            } catch (Exception e) {
                throw new SamlRefusal("saml_malformed", "the response cannot be read: " + e.getClass().getSimpleName());
            }
            String inResponseTo = inResponseTo(response);
            String requestId = null;
            if (inResponseTo != null) {
                // Used once: the row goes whatever the outcome, so a response cannot be tried again against the same request.
                int consumed = jdbc.sql("DELETE FROM saml_requests WHERE tenant_id = :t AND id = :id AND expires_at > :now")
                        .param("t", tenant.value()).param("id", inResponseTo).param("now", ts(clock.instant())).update();
                if (consumed != 1) {
                    throw new SamlRefusal("saml_unknown_request", "InResponseTo names no pending request of this company");
                }
                requestId = inResponseTo;
            }
            if (!response.isValid(requestId)) {
                Exception why = response.getValidationException();
                if (why instanceof ValidationError v) {
                    throw refusal(v);
                }
                throw new SamlRefusal("saml_invalid", String.valueOf(response.getError()));
            }
            try {
                String assertionId = response.getAssertionId();
                remember(tenant, assertionId, response.getAssertionNotOnOrAfter());
                return new Assertion(idp, response.getNameId(), String.valueOf(response.getNameIdFormat()), Map.copyOf(response.getAttributes()),
                        requestId);
            } catch (SamlRefusal r) {
                throw r;
            } catch (Exception e) {
                throw new SamlRefusal("saml_invalid", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
    }

    /** Forgets expired requests and replay records of every company. */
    @Scheduled(fixedDelayString = "PT15M", initialDelayString = "PT1M")
    void forgetExpired() {
        TenantContext.asPlatform(() -> {
            jdbc.sql("DELETE FROM saml_requests WHERE expires_at < :now").param("now", ts(clock.instant())).update();
            jdbc.sql("DELETE FROM saml_replays WHERE expires_at < :now").param("now", ts(clock.instant())).update();
        });
    }

    private void remember(TenantId tenant, String assertionId, List<org.joda.time.Instant> notOnOrAfter) {
        Instant until = clock.instant().plus(REPLAY_FLOOR);
        for (org.joda.time.Instant i : notOnOrAfter) {
            Instant t = Instant.ofEpochMilli(i.getMillis()).plus(Duration.ofMinutes(3));
            if (t.isAfter(until)) {
                until = t;
            }
        }
        try {
            jdbc.sql("INSERT INTO saml_replays (tenant_id, assertion_id, expires_at) VALUES (:t, :a, :exp)").param("t", tenant.value())
                    .param("a", assertionId.length() > 200 ? assertionId.substring(0, 200) : assertionId).param("exp", ts(until)).update();
        } catch (DuplicateKeyException replay) {
            throw new SamlRefusal("saml_replayed", "assertion " + assertionId + " was already used");
        }
    }

    private static @Nullable String inResponseTo(SamlResponse response) {
        Document doc = Util.loadXML(response.getSAMLResponseXml());
        if (doc == null) {
            return null;
        }
        String v = doc.getDocumentElement().getAttribute("InResponseTo");
        return v == null || v.isBlank() ? null : v;
    }

    private static SamlRefusal refusal(ValidationError e) {
        String reason = switch (e.getErrorCode()) {
            case ValidationError.NO_SIGNATURE_FOUND, ValidationError.NO_SIGNED_ASSERTION, ValidationError.NO_SIGNED_MESSAGE -> "saml_unsigned";
            case ValidationError.INVALID_SIGNATURE -> "saml_bad_signature";
            case ValidationError.WRONG_AUDIENCE -> "saml_wrong_audience";
            case ValidationError.ASSERTION_EXPIRED, ValidationError.ASSERTION_TOO_EARLY, ValidationError.RESPONSE_EXPIRED,
                    ValidationError.SESSION_EXPIRED -> "saml_expired";
            case ValidationError.WRONG_SUBJECTCONFIRMATION -> "saml_subject_confirmation";
            case ValidationError.WRONG_DESTINATION, ValidationError.EMPTY_DESTINATION -> "saml_wrong_destination";
            case ValidationError.WRONG_INRESPONSETO -> "saml_wrong_in_response_to";
            case ValidationError.WRONG_ISSUER, ValidationError.ISSUER_MULTIPLE_IN_RESPONSE, ValidationError.ISSUER_NOT_FOUND_IN_ASSERTION ->
                "saml_wrong_issuer";
            case ValidationError.WRONG_SIGNED_ELEMENT, ValidationError.ID_NOT_FOUND_IN_SIGNED_ELEMENT, ValidationError.DUPLICATED_ID_IN_SIGNED_ELEMENTS,
                    ValidationError.INVALID_SIGNED_ELEMENT, ValidationError.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS,
                    ValidationError.UNEXPECTED_SIGNED_ELEMENTS, ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE,
                    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION, ValidationError.WRONG_NUMBER_OF_SIGNATURES,
                    ValidationError.UNEXPECTED_REFERENCE, ValidationError.WRONG_NUMBER_OF_ASSERTIONS -> "saml_signature_wrapping";
            case ValidationError.INVALID_XML_FORMAT, ValidationError.UNSUPPORTED_SAML_VERSION, ValidationError.MISSING_ID -> "saml_malformed";
            case ValidationError.STATUS_CODE_IS_NOT_SUCCESS -> "saml_idp_refused";
            case ValidationError.NO_NAMEID, ValidationError.EMPTY_NAMEID -> "saml_no_name_id";
            default -> "saml_invalid";
        };
        return new SamlRefusal(reason, e.getMessage());
    }

    /** The library's settings for the company; {@code idp} null for the SP half only (metadata). */
    private Saml2Settings settings(String baseUrl, TenantId tenant, @Nullable SamlSettings idp) {
        ServiceProviderKeys.Pair pair = keys.of(tenant);
        Map<String, Object> v = new HashMap<>();
        v.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        v.put(SettingsBuilder.DEBUG_PROPERTY_KEY, false);
        v.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, entityId(baseUrl, tenant));
        v.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, acsUrl(baseUrl, tenant));
        v.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_POST);
        v.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, Constants.NAMEID_EMAIL_ADDRESS);
        v.put(SettingsBuilder.SP_X509CERT_PROPERTY_KEY, pair.certificatePem());
        v.put(SettingsBuilder.SP_PRIVATEKEY_PROPERTY_KEY, pair.privateKeyPem());
        v.put(SettingsBuilder.SECURITY_AUTHREQUEST_SIGNED, true);
        v.put(SettingsBuilder.SECURITY_SIGNATURE_ALGORITHM, Constants.RSA_SHA256);
        v.put(SettingsBuilder.SECURITY_DIGEST_ALGORITHM, Constants.SHA256);
        v.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        v.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        v.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, true);
        v.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
        v.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_ENCRYPTED, false);
        v.put(SettingsBuilder.UNIQUE_ID_PREFIX_PROPERTY_KEY, "FORTEL_");
        if (idp != null) {
            v.put(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, idp.idpEntityId());
            v.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY, idp.ssoUrl());
            v.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_REDIRECT);
            List<String> certs = idp.idpCertificates();
            v.put(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY, certs.get(0));
            for (int i = 0; i < certs.size(); i++) {
                v.put(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + "." + i, certs.get(i));
            }
        }
        return new SettingsBuilder().fromValues(v).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
