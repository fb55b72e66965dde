package dev.fortel.access.web;

import dev.fortel.access.AccessDecisions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts {@link DeclaredFunctionInterceptor} in front of every handler, first of all interceptors, so that nothing a
 * handler or another interceptor does happens for a caller the declaration refuses. It is registered for all paths
 * (no include patterns to forget); the interceptor itself skips handlers that are not Fortel's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DeclaredFunctionsConfiguration implements WebMvcConfigurer {

    private final AccessDecisions access;

    DeclaredFunctionsConfiguration(AccessDecisions access) {
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Just after the very first: the journal of support's requests (supportaccess.web.SupportActions) wraps this
        // one, so that what it refuses is journaled too.
        registry.addInterceptor(new DeclaredFunctionInterceptor(access)).order(Ordered.HIGHEST_PRECEDENCE + 1);
    }
}
