package dev.fortel.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where the current request comes from, for the journal and for guessing protection. The address is the
 * socket peer's: {@code X-Forwarded-For} is honoured only when the operator enables
 * {@code server.forward-headers-strategy} for a trusted proxy, because a client can write any header.
 */
public record RequestOrigin(@Nullable String ip, @Nullable String userAgent) {

    private static final int MAX_USER_AGENT = 400;

    public static final RequestOrigin NONE = new RequestOrigin(null, null);

    public static RequestOrigin current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return of(attrs.getRequest());
        }
        return NONE;
    }

    public static RequestOrigin of(HttpServletRequest request) {
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new RequestOrigin(request.getRemoteAddr(), ua);
    }
}
