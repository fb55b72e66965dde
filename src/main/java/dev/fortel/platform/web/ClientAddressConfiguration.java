package dev.fortel.platform.web;

import dev.fortel.platform.FortelProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class ClientAddressConfiguration {

    /** First of all filters, so that security, the journal and guessing protection all see the same address. */
    @Bean
    FilterRegistrationBean<TrustedProxies> trustedProxiesFilter(FortelProperties properties) {
        FilterRegistrationBean<TrustedProxies> registration = new FilterRegistrationBean<>(new TrustedProxies(properties.trustedProxies()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
