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

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.error("Unexpected failure rendering a console page", e);
        ConsoleModel.populate(model, request);
        response.setStatus(500);
        model.addAttribute("status", 500);
        return "error";
    }
}
