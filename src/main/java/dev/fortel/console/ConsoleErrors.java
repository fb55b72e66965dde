package dev.fortel.console;

import dev.fortel.platform.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Readable pages for the console's failures. REST controllers never reach here: the API's problem handler
 * has the higher precedence and handles every exception of theirs.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(10)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model) {
        ConsoleModel.populate(model, request);
        response.setStatus(404);
        model.addAttribute("status", 404);
        return "error";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletRequest request, HttpServletResponse response, Model model) {
        ConsoleModel.populate(model, request);
        response.setStatus(403);
        model.addAttribute("status", 403);
        return "error";
    }

    /**
     * Off to confirm with a second factor, then back: a GET returns to itself; a form post returns to the page
     * the form was on (its Referer, when it is this console's), where the person submits again. The step-up
     * page keeps the target to a path of this console whatever arrives.
     */
    @ExceptionHandler(dev.fortel.platform.StepUpRequiredException.class)
    String stepUp(HttpServletRequest request) {
        String back;
        if ("GET".equals(request.getMethod())) {
            back = request.getRequestURI().substring(request.getContextPath().length())
                    + (request.getQueryString() != null ? "?" + request.getQueryString() : "");
        } else {
            back = sameOriginPath(request.getHeader("Referer"), request);
        }
        return "redirect:/login/step-up?continue=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String sameOriginPath(@org.jspecify.annotations.Nullable String referer, HttpServletRequest request) {
        if (referer == null) {
            return "/";
        }
        try {
            java.net.URI uri = new java.net.URI(referer);
            if (!request.getServerName().equalsIgnoreCase(uri.getHost()) || uri.getRawPath() == null) {
                return "/";
            }
            String path = uri.getRawPath().substring(Math.min(uri.getRawPath().length(), request.getContextPath().length()));
            return path + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.error("Unexpected failure rendering a console page", e);
        ConsoleModel.populate(model, request);
        response.setStatus(500);
        model.addAttribute("status", 500);
        return "error";
    }
}
