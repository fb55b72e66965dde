package dev.fortel.telephony;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a company's outgoing calls may go.
 *
 * @param homeCountry the company's country (ISO 3166-1 alpha-2): numbers dialled without a country code are read in it
 * @param allowedCountries destination countries calls may reach
 * @param blockPremium refuse premium-rate numbers even in allowed countries
 * @param groups per group, a narrower list for its members: a member may call a country only if the company and every
 *     such group of theirs allow it
 */
public record OutboundPolicy(String homeCountry, Set<String> allowedCountries, boolean blockPremium, Map<UUID, Set<String>> groups) {

    public OutboundPolicy {
        allowedCountries = Set.copyOf(allowedCountries);
        groups = Map.copyOf(groups);
    }
}
