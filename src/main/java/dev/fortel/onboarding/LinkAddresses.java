package dev.fortel.onboarding;

import dev.fortel.platform.FortelProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Builds the address of a setup, activation or reset link from {@code fortel.public-url} (or, without it, this
 * server's own host name and port), never from a request's {@code Host} header: a forged header would otherwise
 * make the server mail people links to an attacker's site.
 */
@Component
public class LinkAddresses {

    private final FortelProperties properties;
    private final ApplicationContext context;

    LinkAddresses(FortelProperties properties, ApplicationContext context) {
        this.properties = properties;
        this.context = context;
    }

    public String activation(String token) {
        return properties.baseUrl(port()) + "/activate/" + token;
    }

    private int port() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return attrs.getRequest().getLocalPort();
        }
        return context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : 8443;
    }
}
