package dev.fortel.supportaccess.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import dev.fortel.supportaccess.SupportEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Journals every request a support agent makes inside a client company, reads included, once it is answered: the
 * method, the route as declared with the object's id, and the status. Changes also carry the support mark in their
 * own events; this is what lets the client see what support looked at.
 */
@Configuration
class SupportActions implements WebMvcConfigurer {

    private final ApplicationEventPublisher events;

    SupportActions(ApplicationEventPublisher events) {
        this.events = events;
    }

    /**
     * The answer's status. A refusal thrown past MVC (the security layer answers it after this interceptor) has not
     * set the status yet, so it is read from the exception.
     */
    private static int status(HttpServletResponse response, @Nullable Exception ex) {
        if (ex == null) {
            return response.getStatus();
        }
        if (ex instanceof org.springframework.security.access.AccessDeniedException) {
            return 403;
        }
        if (ex instanceof dev.fortel.platform.NotFoundException) {
            return 404;
        }
        return response.getStatus() >= 400 ? response.getStatus() : 500;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
                Subject s = AccessDecisions.currentOrNull();
                if (s == null || !s.support()) {
                    return;
                }
                // The request's own path: ids of the objects touched are in it; the query (search terms) is left out.
                String path = request.getRequestURI();
                Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                events.publishEvent(new SupportEvents.Acted(s.tenantId(), Objects.requireNonNull(s.supportGrant()), request.getMethod(),
                        path.length() > 300 ? String.valueOf(pattern) : path, status(response, ex)));
            }
            // First, so that its completion runs even when a later interceptor refuses the request: refusals count too.
        }).order(Ordered.HIGHEST_PRECEDENCE);
    }
}
