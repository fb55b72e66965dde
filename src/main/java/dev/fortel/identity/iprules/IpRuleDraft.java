package dev.fortel.identity.iprules;

import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule as typed in a form or sent to the API, not yet validated. {@link #validate} checks every field and
 * reports all problems at once, each naming its field and what to write instead.
 */
record IpRuleDraft(@Nullable String action, @Nullable String address, @Nullable String scope, @Nullable String note) {

    static final int MAX_NOTE = 200;

    static IpRuleDraft of(IpRule r) {
        return new IpRuleDraft(r.action().code(), r.range().text(), r.scope().code(), r.note());
    }

    IpRuleSettings validate() {
        List<Violation> problems = new ArrayList<>();
        IpRuleAction a = action == null ? null : IpRuleAction.fromCode(action.strip()).orElse(null);
        if (a == null) {
            problems.add(new Violation("action", "ip_rule.action.invalid", "must be allow or deny"));
        }
        IpRuleScope s = scope == null ? null : IpRuleScope.fromCode(scope.strip()).orElse(null);
        if (s == null) {
            problems.add(new Violation("scope", "ip_rule.scope.invalid",
                    "must be admins (employees with a management function), employees (everyone) or api_tokens (requests with an API token)"));
        }
        IpRange range = null;
        try {
            range = IpRange.parse("address", address);
        } catch (ValidationFailedException e) {
            problems.addAll(e.violations());
        }
        String n = null;
        try {
            n = note("note", note);
        } catch (ValidationFailedException e) {
            problems.addAll(e.violations());
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        return new IpRuleSettings(a, range, s, n);
    }

    /** An optional one-line note: stripped, empty means none. */
    static @Nullable String note(String field, @Nullable String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        String n = note.strip();
        if (n.length() > MAX_NOTE) {
            throw ValidationFailedException.of(field, "ip_rule.note.tooLong", "at most " + MAX_NOTE + " characters", MAX_NOTE);
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw ValidationFailedException.of(field, "ip_rule.note.controlCharacters", "must be one line of text without control characters");
        }
        return n;
    }
}
