package dev.fortel.identity.iprules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpRangeTests {

    @Test
    void addressesAndNetworksAreStoredInCanonicalForm() {
        assertThat(IpRange.parse("address", "10.0.0.0/8").text()).isEqualTo("10.0.0.0/8");
        assertThat(IpRange.parse("address", " 198.51.100.7 ").text()).isEqualTo("198.51.100.7");
        assertThat(IpRange.parse("address", "203.0.113.7/32").text()).isEqualTo("203.0.113.7");
        assertThat(IpRange.parse("address", "2001:DB8:0:0::/32").text()).isEqualTo("2001:db8::/32");
        assertThat(IpRange.parse("address", "2001:0db8:0000:0000:0000:0000:0000:0001/128").text()).isEqualTo("2001:db8::1");
        assertThat(IpRange.parse("address", "0.0.0.0/0").text()).isEqualTo("0.0.0.0/0");
        assertThat(IpRange.parse("address", "::/0").text()).isEqualTo("::/0");
    }

    @Test
    void outOfRangeOctetAndTooLongPrefixAreBothNamed() {
        List<Violation> v = violations("10.0.0.300/33");
        assertThat(v).extracting(Violation::field).containsOnly("address");
        assertThat(v).extracting(Violation::code).containsExactly("ip_rule.address.octetRange", "ip_rule.address.prefixRange");
        assertThat(v.get(0).message()).isEqualTo("10.0.0.300 is not an IPv4 address: 300 is above 255 (each of the four numbers is 0 to 255)");
        assertThat(v.get(1).message()).isEqualTo("/33 is too long for an IPv4 range: the prefix length is 0 to 32");
    }

    @Test
    void ipv6PrefixBeyond128IsRefused() {
        assertThat(violations("fd00::/129")).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("ip_rule.address.prefixRange");
            assertThat(v.message()).isEqualTo("/129 is too long for an IPv6 range: the prefix length is 0 to 128");
        });
    }

    @Test
    void hostBitsSetNameTheNetworkToWriteInstead() {
        assertThat(violations("10.0.0.1/8")).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("ip_rule.address.hostBits");
            assertThat(v.message()).contains("10.0.0.1/8 is not a network address", "The /8 network that contains it is 10.0.0.0/8",
                    "write 10.0.0.0/8 for the whole network, or 10.0.0.1 for this address alone");
            assertThat(v.args()).containsExactly("10.0.0.1/8", 8, "10.0.0.0/8", "10.0.0.1");
        });
        assertThat(violations("2001:db8::1/32").getFirst().message()).contains("2001:db8::/32");
    }

    @Test
    void lenientAndAmbiguousNotationsAreRefused() {
        for (String bad : List.of("garbage", "10.1", "1.2.3", "1.2.3.4/255.0.0.0", "1.2.3.*", "1.2.3.4-5", "1.2.3.4/", "/8", "1.2.3.4/08",
                "10.0.0.0/8/8", "2001:db8::g", "1:2:3:4:5:6:7:8:9")) {
            assertThat(violations(bad)).as(bad).isNotEmpty().allSatisfy(v -> assertThat(v.field()).isEqualTo("address"));
        }
        assertThat(violations("010.0.0.1").getFirst().code()).isEqualTo("ip_rule.address.leadingZero");
        assertThat(violations("fe80::1%eth0").getFirst().code()).isEqualTo("ip_rule.address.notAddressCharacters");
        assertThat(violations("<script>alert(1)</script>").getFirst().message()).doesNotContain("script");
        assertThat(violations("").getFirst().code()).isEqualTo("ip_rule.address.required");
        assertThat(violations("::ffff:192.0.2.1")).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("ip_rule.address.mapped");
            assertThat(v.message()).endsWith("write it in IPv4 form: 192.0.2.1");
        });
    }

    @Test
    void clientAddressesAreReadAsTheRulesSeeThem() {
        assertThat(IpRange.canonicalClient("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(IpRange.canonicalClient("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(IpRange.canonicalClient("fe80::1%eth0")).isEqualTo("fe80::1");
        assertThat(IpRange.client("unknown")).isNull();
        assertThat(IpRange.parse("address", "192.0.2.0/24").contains(IpRange.client("::ffff:192.0.2.77"))).isTrue();
        assertThat(IpRange.parse("address", "2001:db8::/32").contains(IpRange.client("192.0.2.77"))).isFalse();
    }

    @Test
    void storedCanonicalFormsReadBackAsTheSameRange() {
        for (String text : List.of("10.0.0.0/8", "198.51.100.7", "2001:db8::/32", "2001:db8::1", "0.0.0.0/0")) {
            IpRange stored = IpRange.stored(text);
            assertThat(stored.text()).isEqualTo(text);
            assertThat(stored.block()).isEqualTo(IpRange.parse("address", text).block());
        }
    }

    private static List<Violation> violations(String input) {
        ValidationFailedException e = catchThrowableOfType(ValidationFailedException.class, () -> IpRange.parse("address", input));
        assertThat(e).as("%s must be refused", input).isNotNull();
        return e.violations();
    }
}
