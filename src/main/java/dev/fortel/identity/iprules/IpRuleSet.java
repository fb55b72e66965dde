package dev.fortel.identity.iprules;

import inet.ipaddr.IPAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A company's rules compiled for evaluation, immutable, shared by every request while cached.
 *
 * <p>Semantics, per scope the request belongs to: a matching deny rule refuses (deny wins over allow);
 * otherwise, if the scope has allow rules, the address must match one of them. Every scope the request
 * belongs to must admit it. Deny rules of all those scopes are looked at before any allow-list, so the
 * journal names the deny rule when there is one.
 */
final class IpRuleSet {

    static final IpRuleSet EMPTY = new IpRuleSet(List.of());

    private record Compiled(UUID id, IpRange range) {}

    private final Map<IpRuleScope, List<Compiled>> denies = new EnumMap<>(IpRuleScope.class);
    private final Map<IpRuleScope, List<Compiled>> allows = new EnumMap<>(IpRuleScope.class);
    private final String fingerprint;
    private final int size;

    IpRuleSet(Collection<IpRule> rules) {
        for (IpRuleScope s : IpRuleScope.values()) {
            denies.put(s, new ArrayList<>());
            allows.put(s, new ArrayList<>());
        }
        List<String> lines = new ArrayList<>();
        for (IpRule r : rules) {
            (r.action() == IpRuleAction.DENY ? denies : allows).get(r.scope()).add(new Compiled(r.id(), r.range()));
            lines.add(r.id() + " " + r.action() + " " + r.scope() + " " + r.range().text());
        }
        denies.replaceAll((s, l) -> List.copyOf(l));
        allows.replaceAll((s, l) -> List.copyOf(l));
        this.size = rules.size();
        this.fingerprint = digest(lines);
    }

    /** Why these rules refuse {@code address} for a request in {@code scopes}, if they do. */
    Optional<Refusal> refusal(@Nullable IPAddress address, Set<IpRuleScope> scopes, String ip) {
        if (size == 0) {
            return Optional.empty();
        }
        for (IpRuleScope scope : scopes) {
            for (Compiled deny : denies.get(scope)) {
                if (address != null && deny.range().contains(address)) {
                    return Optional.of(new Refusal(Refusal.TENANT, deny.id(), scope, Refusal.DENIED, ip));
                }
            }
        }
        for (IpRuleScope scope : scopes) {
            List<Compiled> allowed = allows.get(scope);
            if (!allowed.isEmpty() && (address == null || allowed.stream().noneMatch(a -> a.range().contains(address)))) {
                return Optional.of(new Refusal(Refusal.TENANT, null, scope, Refusal.NOT_ALLOWED, ip));
            }
        }
        return Optional.empty();
    }

    /** Changes whenever the rules change, and only then: sessions re-check their address when it moves. */
    String fingerprint() {
        return fingerprint;
    }

    int size() {
        return size;
    }

    static String digest(List<String> lines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            lines.stream().sorted().forEach(l -> sha.update((l + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
