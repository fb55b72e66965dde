package dev.fortel.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds the client's address behind reverse proxies. {@code X-Forwarded-For} is believed only when the
 * direct peer is a configured trusted proxy, and then only up to the first address that is not itself a
 * trusted proxy, read from the right: every hop before that was written by the client and can say
 * anything. Without trusted proxies the header is ignored entirely, so a spoofed header cannot change
 * the address that guessing protection, IP rules and the journal see.
 */
public final class TrustedProxies extends OncePerRequestFilter {

    private final List<IpAddressMatcher> proxies;

    /** @param cidrs addresses or ranges such as {@code 10.0.0.0/8} or {@code fd00::/8}, already validated */
    public TrustedProxies(List<String> cidrs) {
        this.proxies = cidrs.stream().map(IpAddressMatcher::new).toList();
    }

    /** Whether a value is a valid address or range; used to validate configuration at start. */
    public static boolean isValidRange(String cidr) {
        try {
            String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
            if (!address.matches("[0-9a-fA-F:.]+") || (!address.contains(".") && !address.contains(":"))) {
                return false;
            }
            new IpAddressMatcher(cidr).matches(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = clientAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        if (client.equals(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return client;
            }

            @Override
            public String getRemoteHost() {
                return client;
            }
        }, response);
    }

    String clientAddress(String peer, String forwardedFor) {
        if (proxies.isEmpty() || forwardedFor == null || forwardedFor.isBlank() || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!isValidRange(hop) || hop.contains("/")) {
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        try {
            return proxies.stream().anyMatch(p -> p.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
