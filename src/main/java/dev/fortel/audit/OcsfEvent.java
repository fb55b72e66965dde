package dev.fortel.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A journal event as OCSF 1.3 JSON, the form the export and syslog carry: Authentication (3002) for sign-ins,
 * sign-outs and their refusals, Account Change (3001) for what happens to an account (created, enabled, password
 * changed or reset, disabled, deleted, locked, unlocked, factors added or removed), and API Activity (6003) for
 * every other action, by its verb. The Fortel event itself is kept whole under {@code unmapped}, so nothing the
 * journal knows is lost to a SIEM that reads only OCSF.
 *
 * <p>The mapping is a table written here (no OCSF library maps a product's own event catalog); the schema
 * attributes used are those of OCSF 1.3: {@code class_uid}, {@code category_uid}, {@code activity_id},
 * {@code type_uid = class_uid * 100 + activity_id}, {@code status_id}, {@code severity_id}, {@code time} in epoch
 * milliseconds, {@code metadata}, {@code actor}, {@code src_endpoint}, {@code user}, {@code api}.
 */
public final class OcsfEvent {

    public static final String OCSF_VERSION = "1.3.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Kind(int classUid, String className, int categoryUid, String categoryName, int activityId, String activityName) {}

    private static final Map<String, Kind> SPECIFIC = new java.util.HashMap<>();
    private static final Set<String> NOTABLE = Set.of(JournalTypes.ACCOUNT_LOCKED, JournalTypes.ADDRESS_BLOCKED, JournalTypes.VIP_DATA_ACCESSED,
            JournalTypes.SIP_PASSWORD_REVEALED, JournalTypes.RECORDING_DOWNLOADED, JournalTypes.CALL_HISTORY_EXPORTED);

    static {
        auth(1, "Logon", JournalTypes.SIGN_IN_SUCCEEDED, JournalTypes.SIGN_IN_FAILED, JournalTypes.MFA_CHALLENGE_FAILED, JournalTypes.ADDRESS_REFUSED);
        auth(2, "Logoff", JournalTypes.SIGNED_OUT, JournalTypes.SESSION_ENDED, JournalTypes.SESSION_EXPIRED);
        auth(99, "Other", JournalTypes.STEP_UP_SUCCEEDED, JournalTypes.STEP_UP_FAILED, JournalTypes.ADDRESS_BLOCKED);
        account(1, "Create", JournalTypes.EMPLOYEE_CREATED);
        account(2, "Enable", JournalTypes.EMPLOYEE_ENABLED, JournalTypes.ACCOUNT_ACTIVATED);
        account(3, "Password Change", JournalTypes.PASSWORD_CHANGED);
        account(4, "Password Reset", JournalTypes.PASSWORD_RESET_ISSUED, JournalTypes.PASSWORD_RESET_REQUESTED, JournalTypes.PASSWORD_RESET_REFUSED);
        account(5, "Disable", JournalTypes.EMPLOYEE_DISABLED, JournalTypes.EMPLOYEE_EXPIRED);
        account(6, "Delete", JournalTypes.EMPLOYEE_DELETED);
        account(7, "Attach Policy", JournalTypes.EMPLOYEE_ACCESS_COPIED);
        account(9, "Lock", JournalTypes.ACCOUNT_LOCKED);
        account(10, "MFA Factor Enable", JournalTypes.MFA_ENROLLED);
        account(11, "MFA Factor Disable", JournalTypes.MFA_REMOVED, JournalTypes.MFA_RESET);
        account(12, "Unlock", JournalTypes.ACCOUNT_UNLOCKED, JournalTypes.ACCOUNT_LOCK_ENDED);
        account(99, "Other", JournalTypes.EMPLOYEE_UPDATED, JournalTypes.TOKENS_REVOKED, JournalTypes.SESSIONS_ENDED,
                JournalTypes.ACTIVATION_ISSUED, JournalTypes.MFA_RECOVERY_CODE_USED, JournalTypes.MFA_RECOVERY_CODES_GENERATED);
    }

    private OcsfEvent() {}

    private static void auth(int activity, String name, String... types) {
        for (String t : types) {
            SPECIFIC.put(t, new Kind(3002, "Authentication", 3, "Identity & Access Management", activity, name));
        }
    }

    private static void account(int activity, String name, String... types) {
        for (String t : types) {
            SPECIFIC.put(t, new Kind(3001, "Account Change", 3, "Identity & Access Management", activity, name));
        }
    }

    /** API Activity by the event's verb: the last segment of its type. */
    private static Kind apiActivity(String type) {
        String verb = type.substring(type.lastIndexOf('.') + 1);
        return switch (verb) {
            case "created", "added", "stored", "invited", "bootstrapped", "queued", "issued" ->
                new Kind(6003, "API Activity", 6, "Application Activity", 1, "Create");
            case "viewed", "searched", "exported", "played", "downloaded", "revealed", "opened", "accessed", "verified", "new_address" ->
                new Kind(6003, "API Activity", 6, "Application Activity", 2, "Read");
            case "changed", "updated", "rotated", "reset", "delivered", "sent" ->
                new Kind(6003, "API Activity", 6, "Application Activity", 3, "Update");
            case "deleted", "removed", "revoked", "expired" -> new Kind(6003, "API Activity", 6, "Application Activity", 4, "Delete");
            default -> new Kind(6003, "API Activity", 6, "Application Activity", 99, "Other");
        };
    }

    /** The OCSF class of a journal event type: 3001, 3002 or 6003. */
    public static int classUid(String type) {
        Kind k = SPECIFIC.get(type);
        return k != null ? k.classUid() : apiActivity(type).classUid();
    }

    /** OCSF severity: 3 (Medium) for failures and notable events (locks, VIP data, reveals, downloads, exports), else 1. */
    public static int severityId(JournalEntry e) {
        return NOTABLE.contains(e.type()) || e.outcome() == JournalEntry.Outcome.FAILURE ? 3 : 1;
    }

    /** The event as an OCSF object, ready for JSON. */
    public static Map<String, Object> of(JournalEntry e) {
        Kind k = SPECIFIC.getOrDefault(e.type(), apiActivity(e.type()));
        boolean failed = e.outcome() == JournalEntry.Outcome.FAILURE;
        int severity = severityId(e);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("class_uid", k.classUid());
        o.put("class_name", k.className());
        o.put("category_uid", k.categoryUid());
        o.put("category_name", k.categoryName());
        o.put("activity_id", k.activityId());
        o.put("activity_name", k.activityName());
        o.put("type_uid", k.classUid() * 100L + k.activityId());
        o.put("type_name", k.className() + ": " + k.activityName());
        o.put("time", e.time().toEpochMilli());
        o.put("severity_id", severity);
        o.put("severity", severity == 3 ? "Medium" : "Informational");
        o.put("status_id", failed ? 2 : 1);
        o.put("status", failed ? "Failure" : "Success");
        o.put("message", e.type());
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("name", "Fortel");
        product.put("vendor_name", "Fortel");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", OCSF_VERSION);
        metadata.put("product", product);
        metadata.put("uid", e.id().toString());
        metadata.put("log_name", "security-journal");
        metadata.put("sequence", e.seq());
        metadata.put("tenant_uid", e.tenantId().value().toString());
        o.put("metadata", metadata);
        Map<String, Object> user = new LinkedHashMap<>();
        if (e.actor().id() != null) {
            user.put("uid", e.actor().id().toString());
        }
        if (e.actor().name() != null) {
            user.put("name", e.actor().name());
        }
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("user", user);
        if (e.actor().session() != null) {
            actor.put("session", Map.of("uid", e.actor().session()));
        }
        o.put("actor", actor);
        if (e.actor().ip() != null) {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("ip", e.actor().ip());
            String country = country(e.details());
            if (country != null) {
                endpoint.put("location", Map.of("country", country));
            }
            o.put("src_endpoint", endpoint);
        }
        if (e.actor().userAgent() != null) {
            o.put("http_request", Map.of("user_agent", e.actor().userAgent()));
        }
        if (k.classUid() != 6003 && "employee".equals(e.target().kind()) && e.target().id() != null) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("uid", e.target().id());
            if (e.target().name() != null) {
                target.put("name", e.target().name());
            }
            o.put("user", target);
        }
        if (k.classUid() == 3002 && !o.containsKey("user")) {
            o.put("user", user);
        }
        if (k.classUid() == 6003) {
            o.put("api", Map.of("operation", e.type()));
        }
        Map<String, Object> fortel = new LinkedHashMap<>();
        fortel.put("type", e.type());
        fortel.put("seq", e.seq());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("kind", e.target().kind());
        target.put("id", e.target().id());
        target.put("name", e.target().name());
        fortel.put("target", target);
        fortel.put("details", details(e.details()));
        fortel.put("hash", e.hash());
        fortel.put("prev_hash", e.prevHash());
        o.put("unmapped", Map.of("fortel", fortel));
        return o;
    }

    /** One line of JSON (no line breaks inside), for NDJSON and syslog. */
    public static String json(JournalEntry e) {
        return JSON.writeValueAsString(of(e));
    }

    /** The sign-in's country (ISO 3166-1 alpha-2, as OCSF's location.country wants); parsed only where one can be. */
    private static @Nullable String country(String canonical) {
        if (!canonical.contains("\"country\"")) {
            return null;
        }
        JsonNode country = JSON.readTree(canonical).get("country");
        return country != null && country.isString() ? country.asString() : null;
    }

    /**
     * The details as they are stored: canonical JSON, written into the event verbatim rather than parsed and written
     * again (the export and syslog write one event per journal row, so this is their hot path).
     */
    private static Object details(String canonical) {
        String t = canonical.strip();
        if (t.startsWith("{") && t.endsWith("}")) {
            return new tools.jackson.databind.util.RawValue(t);
        }
        try {
            JsonNode node = JSON.readTree(canonical);
            return node;
        } catch (RuntimeException notJson) {
            return canonical;
        }
    }
}
