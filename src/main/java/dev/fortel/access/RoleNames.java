package dev.fortel.access;

import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A role's name and description for people: a built-in's from the message bundles in the reader's language
 * ({@code role.<code>}, {@code roledesc.<code>}), a company's own as the company wrote them. Pages call it as
 * {@code @roleNames}; a code the company does not have is shown as the code itself.
 */
@Component("roleNames")
public class RoleNames {

    private final RoleBook book;
    private final MessageSource messages;

    RoleNames(RoleBook book, MessageSource messages) {
        this.book = book;
        this.messages = messages;
    }

    public String name(RoleDefinition d) {
        return d.builtIn() ? messages.getMessage("role." + d.role().code(), null, d.role().code(), LocaleContextHolder.getLocale())
                : String.valueOf(d.name());
    }

    public String description(RoleDefinition d) {
        if (d.builtIn()) {
            return messages.getMessage("roledesc." + d.role().code(), null, "", LocaleContextHolder.getLocale());
        }
        return d.description() == null ? "" : d.description();
    }

    /** The name of {@code code} in the signed-in caller's company (pages pass codes, or roles). */
    public String name(Object code) {
        Subject s = AccessDecisions.currentOrNull();
        String c = code instanceof Role r ? r.code() : String.valueOf(code);
        if (s == null) {
            return c;
        }
        return Role.parse(c).flatMap(r -> book.of(s.tenantId()).find(r)).map(this::name).orElse(c);
    }

    /**
     * The roles the caller's company can give through the directory (to an employee or a group): every role but owner
     * and operator, and the support roles only in the provider's company, in list order.
     */
    public List<RoleDefinition> assignable() {
        Subject s = AccessDecisions.currentOrNull();
        if (s == null) {
            return List.of();
        }
        return book.of(s.tenantId()).roles().stream().filter(d -> !d.role().protectedRole() && RoleAdministration.visible(s, d.role())).toList();
    }
}
