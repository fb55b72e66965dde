package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.ValidationFailedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The company's sign-in settings. PATCH follows JSON Merge Patch (RFC 7396) over the whole document, so
 * an integrator changes one value without restating the rest; durations are ISO 8601 ({@code PT15M},
 * {@code P90D}).
 */
@RestController
@Tag(name = "Security settings")
class SecuritySettingsApi {

    private final SecuritySettings settings;
    private final AccessDecisions access;
    private final JsonMapper json;

    SecuritySettingsApi(SecuritySettings settings, AccessDecisions access, JsonMapper json) {
        this.settings = settings;
        this.access = access;
        this.json = json;
    }

    @Operation(summary = "The company's password policy, lockout, session and API token limits")
    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/api/v1/security-settings")
    SignInPolicy get() {
        return settings.current(access.require(Permission.SECURITY_SETTINGS_VIEW));
    }

    @Operation(summary = "Change sign-in settings (JSON Merge Patch); every broken rule is listed and nothing is changed")
    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PatchMapping(path = "/api/v1/security-settings", consumes = {"application/merge-patch+json", "application/json"})
    SignInPolicy patch(@RequestBody JsonNode body) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        if (!(body instanceof ObjectNode patch)) {
            throw ValidationFailedException.of("body", "body.notObject",
                    "must be a JSON object such as {\"password\": {\"min_length\": 14}}");
        }
        JsonNode merged = merge(json.valueToTree(settings.current(s)), patch);
        SignInPolicy proposed = json.readerFor(SignInPolicy.class)
                .with(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .treeToValue(merged, SignInPolicy.class);
        return settings.change(s, proposed);
    }

    /** RFC 7396: objects merge member by member, {@code null} removes, anything else replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode p)) {
            return patch;
        }
        ObjectNode out = target instanceof ObjectNode t ? t.deepCopy() : p.objectNode();
        for (Map.Entry<String, JsonNode> member : p.properties()) {
            if (member.getValue().isNull()) {
                out.remove(member.getKey());
            } else {
                out.set(member.getKey(), merge(out.path(member.getKey()), member.getValue()));
            }
        }
        return out;
    }
}
