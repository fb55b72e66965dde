package dev.fortel.identity.ldap;

import java.io.Serial;
import java.util.List;

/**
 * Why talking to the directory failed, precisely enough for an administrator to fix it. {@code code} is stable (the
 * journal's {@code reason}, the console's message key {@code ldap.problem.<code>}); {@code detail} is the English text
 * with the server's own words where it gave any. Employees never see either: their sign-in fails with the generic
 * message.
 */
public final class DirectoryProblem extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The problems that mean the directory could not be asked at all, as opposed to it saying no. */
    private static final List<String> UNREACHABLE = List.of("unknown_host", "refused", "timeout", "tls_untrusted", "tls_hostname",
            "starttls_refused", "unreachable");

    private final String code;
    private final transient List<Object> args;

    public DirectoryProblem(String code, String detail, Object... args) {
        super(detail);
        this.code = code;
        this.args = List.of(args);
    }

    DirectoryProblem(String code, String detail, Throwable cause, Object... args) {
        super(detail, cause);
        this.code = code;
        this.args = List.of(args);
    }

    public String code() {
        return code;
    }

    public String detail() {
        return String.valueOf(getMessage());
    }

    public List<Object> args() {
        return args;
    }

    /** Whether the server could not be reached or trusted (as opposed to refusing a bind or a search). */
    public boolean unreachable() {
        return UNREACHABLE.contains(code);
    }
}
