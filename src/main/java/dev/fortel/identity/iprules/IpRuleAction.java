package dev.fortel.identity.iprules;

import java.util.Locale;
import java.util.Optional;

/** What a rule does with a matching address. Within a scope a deny always wins over an allow. */
enum IpRuleAction {
    ALLOW,
    DENY;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<IpRuleAction> fromCode(String code) {
        for (IpRuleAction a : values()) {
            if (a.code().equals(code)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
