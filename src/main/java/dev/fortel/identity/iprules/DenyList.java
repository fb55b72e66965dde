package dev.fortel.identity.iprules;

import inet.ipaddr.IPAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The provider-wide deny-list compiled for evaluation: a matching entry refuses, whatever the company or scope. */
final class DenyList {

    static final DenyList EMPTY = new DenyList(List.of());

    private final List<DenyEntry> entries;
    private final String fingerprint;

    DenyList(Collection<DenyEntry> entries) {
        this.entries = List.copyOf(entries);
        this.fingerprint = IpRuleSet.digest(this.entries.stream().map(e -> e.id() + " " + e.range().text()).toList());
    }

    Optional<Refusal> refusal(@Nullable IPAddress address, String ip) {
        if (address == null) {
            return Optional.empty();
        }
        return entries.stream().filter(e -> e.range().contains(address)).findFirst()
                .map(e -> new Refusal(Refusal.PROVIDER, e.id(), null, Refusal.DENIED, ip));
    }

    String fingerprint() {
        return fingerprint;
    }

    int size() {
        return entries.size();
    }
}
