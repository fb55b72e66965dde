package dev.fortel.telephony;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Groups;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The calling policy: each company's allowed destination countries (narrowed per group), premium-rate blocking,
 * and the one decision the API and the SIP edge both ask. Numbers are read with libphonenumber: a number without a
 * country code is read in the company's home country, and its country and type (premium rate, mobile, …) come from
 * the library's metadata, never from prefixes written here.
 */
@Service
public class OutboundPolicies {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final JdbcClient jdbc;
    private final TelephonyProperties properties;
    private final Groups groups;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OutboundPolicies(JdbcClient jdbc, TelephonyProperties properties, Groups groups, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.groups = groups;
        this.events = events;
        this.clock = clock;
    }

    public OutboundPolicy of(TenantId tenant) {
        Map<UUID, Set<String>> narrowing = new HashMap<>();
        jdbc.sql("SELECT group_id, allowed_countries FROM outbound_group_policies WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> narrowing.put(rs.getObject(1, UUID.class), countries(rs.getString(2)))).list();
        return jdbc.sql("SELECT home_country, allowed_countries, block_premium FROM outbound_policies WHERE tenant_id = :t")
                .param("t", tenant.value())
                .query((rs, n) -> new OutboundPolicy(rs.getString(1), countries(rs.getString(2)), rs.getBoolean(3), narrowing)).optional()
                .orElseGet(() -> new OutboundPolicy(properties.defaultCountry(), Set.of(properties.defaultCountry()), false, narrowing));
    }

    /**
     * Replaces the policy, all or nothing, journaled with before and after.
     *
     * @throws ValidationFailedException for an unknown country code, an empty list, or a group of another company
     */
    @Transactional
    public OutboundPolicy change(Subject actor, String homeCountry, List<String> allowed, boolean blockPremium, Map<UUID, List<String>> byGroup) {
        List<Violation> broken = new ArrayList<>();
        String home = country(homeCountry, "home_country", broken);
        Set<String> countries = countries(allowed, "allowed_countries", broken);
        if (countries.isEmpty() && broken.isEmpty()) {
            broken.add(new Violation("allowed_countries", "outbound.empty", "must list at least one country; to stop outgoing calls, "
                    + "remove the SIP accounts instead"));
        }
        Map<UUID, Set<String>> narrowing = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<UUID, List<String>> g : byGroup.entrySet()) {
            if (groups.find(actor.tenantId(), g.getKey()).isEmpty()) {
                broken.add(new Violation("groups[" + i + "].group_id", "outbound.group", "is not a group of this company"));
            }
            narrowing.put(g.getKey(), countries(g.getValue(), "groups[" + i + "].allowed_countries", broken));
            i++;
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        OutboundPolicy before = of(actor.tenantId());
        OutboundPolicy after = new OutboundPolicy(home, countries, blockPremium, narrowing);
        TenantId t = actor.tenantId();
        jdbc.sql("DELETE FROM outbound_policies WHERE tenant_id = :t").param("t", t.value()).update();
        jdbc.sql("DELETE FROM outbound_group_policies WHERE tenant_id = :t").param("t", t.value()).update();
        jdbc.sql("INSERT INTO outbound_policies (tenant_id, home_country, allowed_countries, block_premium, updated_at) VALUES (:t, :h, :a, :b, :now)")
                .param("t", t.value()).param("h", home).param("a", join(countries)).param("b", blockPremium)
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        narrowing.forEach((group, list) -> jdbc.sql("INSERT INTO outbound_group_policies (tenant_id, group_id, allowed_countries) VALUES (:t, :g, :a)")
                .param("t", t.value()).param("g", group).param("a", join(list)).update());
        events.publishEvent(new TelephonyEvents.OutboundPolicyChanged(actor, flat(before), flat(after)));
        return after;
    }

    /**
     * May {@code caller} call {@code dialled}? The number is read in the company's home country when it has no
     * country code.
     *
     * @throws ValidationFailedException when {@code dialled} is not a phone number (field {@code to})
     */
    public OutboundDecision decide(TenantId tenant, Employee caller, String dialled) {
        OutboundPolicy policy = of(tenant);
        Phonenumber.PhoneNumber number = parse(dialled, policy.homeCountry());
        String e164 = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        String country = PHONES.getRegionCodeForNumber(number);
        String type = PHONES.getNumberType(number).name().toLowerCase(Locale.ROOT);
        if (country == null || !policy.allowedCountries().contains(country)) {
            return new OutboundDecision(false, "country_not_allowed", "calls to " + (country == null ? "this number's region" : country)
                    + " are not allowed for this company", e164, country, type);
        }
        for (UUID group : caller.groupIds()) {
            Set<String> narrowed = policy.groups().get(group);
            if (narrowed != null && !narrowed.contains(country)) {
                return new OutboundDecision(false, "country_not_allowed_for_group", "calls to " + country
                        + " are not allowed for a group this employee belongs to", e164, country, type);
            }
        }
        if (policy.blockPremium() && PHONES.getNumberType(number) == PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE) {
            return new OutboundDecision(false, "premium_rate_blocked", "premium-rate numbers are blocked for this company", e164, country, type);
        }
        return new OutboundDecision(true, "allowed", "the call may go out", e164, country, type);
    }

    private static Phonenumber.PhoneNumber parse(String dialled, String home) {
        return PhoneNumbers.read(dialled, home).orElseThrow(() -> ValidationFailedException.of("to", "outbound.number",
                "is not a valid phone number; write it in international form such as +442071838750, or as dialled within " + home, home));
    }

    private static String country(String code, String field, List<Violation> broken) {
        String c = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(c)) {
            broken.add(new Violation(field, "outbound.country", "must be an ISO 3166-1 alpha-2 country code with telephone numbering, "
                    + "such as RU, KZ or GB", List.of()));
        }
        return c;
    }

    private static Set<String> countries(List<String> codes, String field, List<Violation> broken) {
        Set<String> out = new TreeSet<>();
        int i = 0;
        for (String c : codes == null ? List.<String>of() : codes) {
            out.add(country(c, field + "[" + i + "]", broken));
            i++;
        }
        return out;
    }

    private static Set<String> countries(String stored) {
        return stored.isBlank() ? Set.of() : Set.of(stored.split(","));
    }

    private static String join(Set<String> countries) {
        return String.join(",", new TreeSet<>(countries));
    }

    private static Map<String, Object> flat(OutboundPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("home_country", p.homeCountry());
        m.put("allowed_countries", join(p.allowedCountries()));
        m.put("block_premium", p.blockPremium());
        m.put("groups", p.groups().entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), e -> join(e.getValue()),
                (a, b) -> a, java.util.TreeMap::new)));
        return m;
    }
}
