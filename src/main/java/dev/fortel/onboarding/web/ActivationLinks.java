package dev.fortel.onboarding.web;

import dev.fortel.platform.FortelProperties;
import jakarta.servlet.http.HttpServletRequest;

/** Builds the console address of a link from the configured public URL, never from the request's Host header. */
final class ActivationLinks {

    private ActivationLinks() {}

    static String url(FortelProperties properties, HttpServletRequest request, String token) {
        // Host header injection would let an attacker make the server hand out links to their own site.
        return properties.baseUrl(request.getLocalPort()) + "/activate/" + token;
    }
}
