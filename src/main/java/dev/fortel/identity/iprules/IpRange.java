package dev.fortel.identity.iprules;

import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One address or CIDR range of an IP rule, parsed strictly and kept in canonical form: a single address
 * without a prefix ({@code 203.0.113.7}, {@code 2001:db8::7}), or a network address with its prefix length
 * ({@code 203.0.113.0/24}, {@code 2001:db8::/32}). Parsing is the IPAddress library's, with every lenient
 * notation switched off (no inet_aton shorthands such as {@code 10.1}, no octal-looking leading zeros, no
 * wildcards or ranges, no masks, no zones), because a rule that means something other than what its
 * author read is a hole in the boundary. The messages are ours: each names the problem and what to write.
 *
 * @param text the canonical form, as stored and shown
 * @param block the addresses it covers
 */
record IpRange(String text, IPAddress block) {

    static final int MAX_LENGTH = 100;

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowPrefixOnly(false).allowPrefix(false)
            .allowWildcardedSeparator(false).setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).allowLeadingZeros(false).getParentBuilder()
            .getIPv6AddressParametersBuilder().allowZone(false).allowBinary(false).getParentBuilder()
            .toParams();

    /** What a client address may look like as the servlet container reports it. */
    private static final IPAddressStringParameters CLIENT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowPrefixOnly(false).allowPrefix(false)
            .allowWildcardedSeparator(false).setRangeOptions(AddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).getParentBuilder()
            .getIPv6AddressParametersBuilder().allowZone(false).getParentBuilder()
            .toParams();

    private static final Pattern ALLOWED_CHARACTERS = Pattern.compile("[0-9A-Fa-f:./]+");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9]+(\\.[0-9]+){3}");

    /** Whether {@code address} (a parsed client address) lies in this range. */
    boolean contains(IPAddress address) {
        return block.contains(address);
    }

    /**
     * Parses what a person typed into {@code field}, or throws {@link ValidationFailedException} naming every
     * problem found (the address and the prefix length are judged separately, so {@code 10.0.0.300/33} gets both).
     */
    static IpRange parse(String field, @Nullable String input) {
        String raw = input == null ? "" : input.strip();
        if (raw.isEmpty()) {
            throw ValidationFailedException.of(field, "ip_rule.address.required",
                    "required: write an IPv4 or IPv6 address such as 203.0.113.7, or a range in CIDR notation such as 203.0.113.0/24 "
                            + "or 2001:db8::/32");
        }
        if (raw.length() > MAX_LENGTH) {
            throw ValidationFailedException.of(field, "ip_rule.address.tooLong",
                    "at most " + MAX_LENGTH + " characters: write one address such as 203.0.113.7 or one range such as 203.0.113.0/24",
                    MAX_LENGTH);
        }
        if (!ALLOWED_CHARACTERS.matcher(raw).matches() || raw.indexOf('/') != raw.lastIndexOf('/') || raw.startsWith("/")) {
            throw notAnAddress(field, raw);
        }
        int slash = raw.indexOf('/');
        String addressPart = slash < 0 ? raw : raw.substring(0, slash);
        String prefixPart = slash < 0 ? null : raw.substring(slash + 1);
        boolean v6 = addressPart.contains(":");
        int bits = v6 ? 128 : 32;

        List<Violation> problems = new ArrayList<>();
        IPAddress address = null;
        try {
            address = new IPAddressString(addressPart, STRICT).toAddress();
        } catch (AddressStringException e) {
            problems.add(addressProblem(field, addressPart));
        }
        if (address != null && address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
            String ipv4 = address.toIPv6().toIPv4().toCanonicalString();
            problems.add(new Violation(field, "ip_rule.address.mapped",
                    addressPart + " is an IPv4 address written as IPv6; write it in IPv4 form: " + ipv4,
                    List.of(addressPart, ipv4)));
        }
        Integer prefix = null;
        if (prefixPart != null) {
            if (!PREFIX.matcher(prefixPart).matches()) {
                problems.add(new Violation(field, "ip_rule.address.prefixNotNumber",
                        "the part after / must be a prefix length from 0 to " + bits + ", such as /" + (v6 ? 48 : 24)
                                + " (masks such as 255.255.255.0 are not accepted)",
                        List.of(bits, v6 ? 48 : 24)));
            } else if (Integer.parseInt(prefixPart) > bits) {
                problems.add(new Violation(field, "ip_rule.address.prefixRange",
                        "/" + prefixPart + " is too long for an " + (v6 ? "IPv6" : "IPv4") + " range: the prefix length is 0 to " + bits,
                        List.of(prefixPart, v6 ? "IPv6" : "IPv4", bits)));
            } else {
                prefix = Integer.parseInt(prefixPart);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        IPAddress single = address.withoutPrefixLength();
        if (prefix == null || prefix == bits) {
            return new IpRange(single.toCanonicalString(), single);
        }
        IPAddress network = single.toPrefixBlock(prefix);
        if (!network.getLower().withoutPrefixLength().equals(single)) {
            String suggested = network.toCanonicalString();
            throw ValidationFailedException.of(field, "ip_rule.address.hostBits",
                    raw + " is not a network address: bits after the first " + prefix + " are set. The /" + prefix + " network that contains it is "
                            + suggested + "; write " + suggested + " for the whole network, or " + single.toCanonicalString()
                            + " for this address alone",
                    raw, prefix, suggested, single.toCanonicalString());
        }
        return new IpRange(network.toCanonicalString(), network);
    }

    /** A rule read back from the database, where only canonical forms are ever written. */
    static IpRange stored(String canonical) {
        try {
            IPAddress parsed = new IPAddressString(canonical, STRICT.toBuilder().allowPrefix(true).toParams()).toAddress();
            Integer prefix = parsed.getNetworkPrefixLength();
            return new IpRange(canonical, prefix == null ? parsed : parsed.toPrefixBlock());
        } catch (AddressStringException e) {
            throw new IllegalStateException("stored IP rule is not canonical: " + canonical, e);
        }
    }

    /**
     * The client address as rules see it, or {@code null} when it is not an address at all. An IPv4 client
     * reported in IPv6-mapped form (dual-stack sockets) is turned back into IPv4, so IPv4 rules apply to it.
     */
    static @Nullable IPAddress client(@Nullable String ip) {
        if (ip == null || ip.isBlank() || ip.length() > MAX_LENGTH) {
            return null;
        }
        String bare = ip.strip();
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone);
        }
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        IPAddress address = new IPAddressString(bare, CLIENT).getAddress();
        if (address == null) {
            return null;
        }
        if (address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
            return address.toIPv6().toIPv4();
        }
        return address.withoutPrefixLength();
    }

    /** The client address in the canonical form rules and messages use, or the input when it is not an address. */
    static String canonicalClient(String ip) {
        IPAddress address = client(ip);
        return address == null ? ip : address.toCanonicalString();
    }

    private static Violation addressProblem(String field, String address) {
        if (DOTTED_NUMBERS.matcher(address).matches()) {
            for (String part : address.split("\\.")) {
                if (part.length() > 3 || Integer.parseInt(part) > 255) {
                    return new Violation(field, "ip_rule.address.octetRange",
                            address + " is not an IPv4 address: " + part + " is above 255 (each of the four numbers is 0 to 255)",
                            List.of(address, part));
                }
                if (part.length() > 1 && part.startsWith("0")) {
                    return new Violation(field, "ip_rule.address.leadingZero",
                            address + " is ambiguous: " + part + " starts with 0, which some systems read as octal; write the number without leading zeros",
                            List.of(address, part));
                }
            }
        }
        return notAnAddress(field, address).violations().getFirst();
    }

    /** Echoes the value only when it is made of address characters: other input is not repeated back. */
    private static ValidationFailedException notAnAddress(String field, String value) {
        String example = "write an IPv4 address such as 203.0.113.7, an IPv6 address such as 2001:db8::7, or a range in CIDR notation "
                + "such as 203.0.113.0/24 or 2001:db8::/32";
        if (!ALLOWED_CHARACTERS.matcher(value).matches()) {
            return ValidationFailedException.of(field, "ip_rule.address.notAddressCharacters",
                    "is not an IP address or range (only digits, a to f, dots, colons and one / may appear): " + example);
        }
        return ValidationFailedException.of(field, "ip_rule.address.invalid", value + " is not an IP address or range: " + example, value);
    }
}
