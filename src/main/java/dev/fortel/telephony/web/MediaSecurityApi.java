package dev.fortel.telephony.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.telephony.MediaSecurity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The company's media-security policy: SIP over TLS and SRTP, for the SIP edge to enforce. */
@RestController
@Tag(name = "Calling policy")
class MediaSecurityApi {

    private final MediaSecurity media;
    private final AccessDecisions access;

    MediaSecurityApi(MediaSecurity media, AccessDecisions access) {
        this.media = media;
        this.access = access;
    }

    record PolicyJson(@Nullable String sipTls, @Nullable String srtp) {

        static PolicyJson of(MediaSecurity.Policy p) {
            return new PolicyJson(p.sipTls().name().toLowerCase(Locale.ROOT), p.srtp().name().toLowerCase(Locale.ROOT));
        }
    }

    @Operation(summary = "SIP over TLS (required, optional) and SRTP (required, optional, off)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_VIEW)
    @GetMapping("/api/v1/telephony/media-security")
    PolicyJson get() {
        return PolicyJson.of(media.of(access.require(Permission.TELEPHONY_POLICIES_VIEW).tenantId()));
    }

    @Operation(summary = "Set SIP over TLS and SRTP; SRTP can be required only with TLS required (its keys travel in the signalling)")
    @RequiresFunction(Permission.TELEPHONY_POLICIES_MANAGE)
    @PutMapping("/api/v1/telephony/media-security")
    PolicyJson put(@RequestBody PolicyJson body) {
        return PolicyJson.of(media.change(access.require(Permission.TELEPHONY_POLICIES_MANAGE), body.sipTls(), body.srtp()));
    }
}
