package dev.fortel.identity.iprules;

import org.jspecify.annotations.Nullable;

/** What an administrator sets on a rule, validated. */
record IpRuleSettings(IpRuleAction action, IpRange range, IpRuleScope scope, @Nullable String note) {}
