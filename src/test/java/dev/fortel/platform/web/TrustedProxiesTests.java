package dev.fortel.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTests {

    private final TrustedProxies behindProxies = new TrustedProxies(List.of("10.0.0.0/8", "fd00::/8", "127.0.0.1"));
    private final TrustedProxies noProxies = new TrustedProxies(List.of());

    @Test
    void spoofedHeaderFromAnUntrustedPeerIsIgnored() {
        assertThat(behindProxies.clientAddress("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
        assertThat(noProxies.clientAddress("127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
    }

    @Test
    void clientIsTheFirstUntrustedHopFromTheRight() {
        // The client wrote "6.6.6.6" itself; the trusted proxy chain appended the real address.
        assertThat(behindProxies.clientAddress("10.1.2.3", "6.6.6.6, 203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.clientAddress("127.0.0.1", "2001:db8::42")).isEqualTo("2001:db8::42");
        assertThat(behindProxies.clientAddress("fd00::1", "2001:db8::42, fd00::2")).isEqualTo("2001:db8::42");
    }

    @Test
    void garbageInTheHeaderStopsAtTheLastTrustedHop() {
        assertThat(behindProxies.clientAddress("10.1.2.3", "<script>, 10.9.9.9")).isEqualTo("10.9.9.9");
        assertThat(behindProxies.clientAddress("10.1.2.3", "")).isEqualTo("10.1.2.3");
    }

    @Test
    void configurationAcceptsOnlyAddressesAndRanges() {
        assertThat(TrustedProxies.isValidRange("10.0.0.0/8")).isTrue();
        assertThat(TrustedProxies.isValidRange("fd00::/8")).isTrue();
        assertThat(TrustedProxies.isValidRange("192.168.1.10")).isTrue();
        assertThat(TrustedProxies.isValidRange("10.0.0.300/33")).isFalse();
        assertThat(TrustedProxies.isValidRange("proxy.example.com")).isFalse();
        assertThat(TrustedProxies.isValidRange("10.0.0.0/99")).isFalse();
    }
}
