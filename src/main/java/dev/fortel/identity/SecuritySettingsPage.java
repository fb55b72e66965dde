package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.web.ViolationMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's security section: the company's sign-in settings as one form (in the units people think
 * in: minutes, hours, days) and the failed-sign-in overview.
 */
@Controller
class SecuritySettingsPage {

    private final SecuritySettings settings;
    private final SignInPolicies policies;
    private final GuessingProtection guards;
    private final Employees employees;
    private final AccessDecisions access;
    private final ViolationMessages messages;

    SecuritySettingsPage(SecuritySettings settings, SignInPolicies policies, GuessingProtection guards, Employees employees,
            AccessDecisions access, ViolationMessages messages) {
        this.settings = settings;
        this.policies = policies;
        this.guards = guards;
        this.employees = employees;
        this.access = access;
        this.messages = messages;
    }

    /** The form's fields; numbers arrive as text so that a wrong entry is reported, not turned into a binding error page. */
    public static final class Form {
        private String minLength = "";
        private String maxLength = "";
        private List<String> classes = new ArrayList<>();
        private String history = "";
        private String minAgeHours = "";
        private String maxAgeDays = "";
        private String maxFailures = "";
        private String windowMinutes = "";
        private String lockMinutes = "";
        private String lockMaxMinutes = "";
        private String mode = "temporary";
        private String idleMinutes = "";
        private String absoluteHours = "";
        private String maxConcurrent = "";
        private String tokenDays = "";
        private String twoFactorRequired = "off";
        private List<String> twoFactorMethods = new ArrayList<>();
        private String stepUpMinutes = "";
        private boolean passkeySignIn;

        public boolean isPasskeySignIn() {
            return passkeySignIn;
        }

        public void setPasskeySignIn(boolean value) {
            this.passkeySignIn = value;
        }

        public String getTwoFactorRequired() {
            return twoFactorRequired;
        }

        public void setTwoFactorRequired(String value) {
            this.twoFactorRequired = value == null ? "" : value;
        }

        public List<String> getTwoFactorMethods() {
            return twoFactorMethods;
        }

        public void setTwoFactorMethods(List<String> value) {
            this.twoFactorMethods = value == null ? new ArrayList<>() : value;
        }

        public String getStepUpMinutes() {
            return stepUpMinutes;
        }

        public void setStepUpMinutes(String value) {
            this.stepUpMinutes = value == null ? "" : value;
        }

        public String getMinLength() {
            return minLength;
        }

        public void setMinLength(String value) {
            this.minLength = value == null ? "" : value;
        }

        public String getMaxLength() {
            return maxLength;
        }

        public void setMaxLength(String value) {
            this.maxLength = value == null ? "" : value;
        }

        public String getHistory() {
            return history;
        }

        public void setHistory(String value) {
            this.history = value == null ? "" : value;
        }

        public String getMinAgeHours() {
            return minAgeHours;
        }

        public void setMinAgeHours(String value) {
            this.minAgeHours = value == null ? "" : value;
        }

        public String getMaxAgeDays() {
            return maxAgeDays;
        }

        public void setMaxAgeDays(String value) {
            this.maxAgeDays = value == null ? "" : value;
        }

        public String getMaxFailures() {
            return maxFailures;
        }

        public void setMaxFailures(String value) {
            this.maxFailures = value == null ? "" : value;
        }

        public String getWindowMinutes() {
            return windowMinutes;
        }

        public void setWindowMinutes(String value) {
            this.windowMinutes = value == null ? "" : value;
        }

        public String getLockMinutes() {
            return lockMinutes;
        }

        public void setLockMinutes(String value) {
            this.lockMinutes = value == null ? "" : value;
        }

        public String getLockMaxMinutes() {
            return lockMaxMinutes;
        }

        public void setLockMaxMinutes(String value) {
            this.lockMaxMinutes = value == null ? "" : value;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String value) {
            this.mode = value == null ? "" : value;
        }

        public String getIdleMinutes() {
            return idleMinutes;
        }

        public void setIdleMinutes(String value) {
            this.idleMinutes = value == null ? "" : value;
        }

        public String getAbsoluteHours() {
            return absoluteHours;
        }

        public void setAbsoluteHours(String value) {
            this.absoluteHours = value == null ? "" : value;
        }

        public String getMaxConcurrent() {
            return maxConcurrent;
        }

        public void setMaxConcurrent(String value) {
            this.maxConcurrent = value == null ? "" : value;
        }

        public String getTokenDays() {
            return tokenDays;
        }

        public void setTokenDays(String value) {
            this.tokenDays = value == null ? "" : value;
        }

        public List<String> getClasses() {
            return classes;
        }

        public void setClasses(List<String> value) {
            this.classes = value == null ? new ArrayList<>() : value;
        }

        static Form of(SignInPolicy p) {
            Form f = new Form();
            f.minLength = String.valueOf(p.password().minLength());
            f.maxLength = String.valueOf(p.password().maxLength());
            f.classes = p.password().requiredClasses().stream().map(SignInPolicy.CharClass::code).sorted().toList();
            f.history = String.valueOf(p.password().history());
            f.minAgeHours = String.valueOf(p.password().minAge().toHours());
            f.maxAgeDays = String.valueOf(p.password().maxAge().toDays());
            f.maxFailures = String.valueOf(p.lockout().maxFailures());
            f.windowMinutes = minutes(p.lockout().window());
            f.lockMinutes = minutes(p.lockout().lock());
            f.lockMaxMinutes = minutes(p.lockout().lockMax());
            f.mode = p.lockout().mode().code();
            f.idleMinutes = minutes(p.sessions().idleTimeout());
            f.absoluteHours = String.valueOf(p.sessions().absoluteLifetime().toHours());
            f.maxConcurrent = String.valueOf(p.sessions().maxConcurrent());
            f.tokenDays = String.valueOf(p.apiTokens().maxLifetime().toDays());
            f.twoFactorRequired = p.twoFactor().required().code();
            f.twoFactorMethods = p.twoFactor().methods().stream().map(dev.fortel.identity.factors.FactorMethod::code).sorted().toList();
            f.stepUpMinutes = minutes(p.twoFactor().stepUp());
            f.passkeySignIn = p.twoFactor().passkeySignIn();
            return f;
        }

        /** Minutes, keeping seconds visible when a value set through the API is not whole minutes. */
        private static String minutes(Duration d) {
            return d.toSeconds() % 60 == 0 ? String.valueOf(d.toMinutes()) : String.format(java.util.Locale.ROOT, "%.2f", d.toSeconds() / 60.0);
        }

        /** Reads the entries; every unreadable one is a violation on its field, named as the API names it. */
        SignInPolicy toPolicy(SignInPolicy current, List<ValidationFailedException.Violation> problems) {
            Set<SignInPolicy.CharClass> chosen = EnumSet.noneOf(SignInPolicy.CharClass.class);
            for (String c : classes == null ? List.<String>of() : classes) {
                for (SignInPolicy.CharClass k : SignInPolicy.CharClass.values()) {
                    if (k.code().equals(c)) {
                        chosen.add(k);
                    }
                }
            }
            return new SignInPolicy(
                    new SignInPolicy.Password(number(minLength, "password.min_length", current.password().minLength(), problems),
                            number(maxLength, "password.max_length", current.password().maxLength(), problems), chosen,
                            number(history, "password.history", current.password().history(), problems),
                            Duration.ofHours(number(minAgeHours, "password.min_age", (int) current.password().minAge().toHours(), problems)),
                            Duration.ofDays(number(maxAgeDays, "password.max_age", (int) current.password().maxAge().toDays(), problems))),
                    new SignInPolicy.Lockout(number(maxFailures, "lockout.max_failures", current.lockout().maxFailures(), problems),
                            minutesOf(windowMinutes, "lockout.window", current.lockout().window(), problems),
                            minutesOf(lockMinutes, "lockout.lock", current.lockout().lock(), problems),
                            minutesOf(lockMaxMinutes, "lockout.lock_max", current.lockout().lockMax(), problems),
                            "permanent".equals(mode) ? SignInPolicy.LockMode.PERMANENT : SignInPolicy.LockMode.TEMPORARY),
                    new SignInPolicy.Sessions(minutesOf(idleMinutes, "sessions.idle_timeout", current.sessions().idleTimeout(), problems),
                            Duration.ofHours(number(absoluteHours, "sessions.absolute_lifetime",
                                    (int) current.sessions().absoluteLifetime().toHours(), problems)),
                            number(maxConcurrent, "sessions.max_concurrent", current.sessions().maxConcurrent(), problems)),
                    new SignInPolicy.TokenLimits(Duration.ofDays(number(tokenDays, "api_tokens.max_lifetime",
                            (int) current.apiTokens().maxLifetime().toDays(), problems))),
                    new SignInPolicy.TwoFactor(twoFactorMode(problems), twoFactorMethods(),
                            minutesOf(stepUpMinutes, "two_factor.step_up", current.twoFactor().stepUp(), problems), passkeySignIn));
        }

        private SignInPolicy.TwoFactorMode twoFactorMode(List<ValidationFailedException.Violation> problems) {
            for (SignInPolicy.TwoFactorMode m : SignInPolicy.TwoFactorMode.values()) {
                if (m.code().equals(twoFactorRequired)) {
                    return m;
                }
            }
            problems.add(new ValidationFailedException.Violation("two_factor.required", "policy.twoFactorMode", "must be off, admins or everyone"));
            return SignInPolicy.TwoFactorMode.OFF;
        }

        private Set<dev.fortel.identity.factors.FactorMethod> twoFactorMethods() {
            Set<dev.fortel.identity.factors.FactorMethod> out = EnumSet.noneOf(dev.fortel.identity.factors.FactorMethod.class);
            for (String m : twoFactorMethods) {
                dev.fortel.identity.factors.FactorMethod.fromCode(m).ifPresent(out::add);
            }
            return out;
        }

        private static int number(String text, String field, int fallback, List<ValidationFailedException.Violation> problems) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException | NullPointerException e) {
                problems.add(new ValidationFailedException.Violation(field, "form.wholeNumber", "must be a whole number such as 15"));
                return fallback;
            }
        }

        private static Duration minutesOf(String text, String field, Duration fallback, List<ValidationFailedException.Violation> problems) {
            try {
                return Duration.ofSeconds(Math.round(Double.parseDouble(text.trim().replace(',', '.')) * 60));
            } catch (NumberFormatException | NullPointerException e) {
                problems.add(new ValidationFailedException.Violation(field, "form.number", "must be a number of minutes such as 15"));
                return fallback;
            }
        }
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_VIEW)
    @GetMapping("/security/settings")
    String show(Model model) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_VIEW);
        return page(s, Form.of(settings.current(s)), Map.of(), model);
    }

    @RequiresFunction(Permission.SECURITY_SETTINGS_MANAGE)
    @PostMapping("/security/settings")
    String save(@ModelAttribute("form") Form form, Model model, RedirectAttributes redirect) {
        Subject s = access.require(Permission.SECURITY_SETTINGS_MANAGE);
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        SignInPolicy proposed = form.toPolicy(settings.current(s), problems);
        try {
            if (!problems.isEmpty()) {
                throw new ValidationFailedException(problems);
            }
            settings.change(s, proposed);
        } catch (ValidationFailedException e) {
            List<ValidationFailedException.Violation> all = new ArrayList<>(problems);
            e.violations().stream().filter(v -> !problems.contains(v)).forEach(all::add);
            return page(s, form, messages.byField(all), model);
        }
        redirect.addFlashAttribute("notice", "security.saved");
        return "redirect:/security/settings";
    }

    private String page(Subject s, Form form, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("canManage", s.has(Permission.SECURITY_SETTINGS_MANAGE));
        model.addAttribute("defaults", Form.of(policies.defaults()));
        model.addAttribute("commonCount", PasswordPolicy.commonPasswordCount());
        model.addAttribute("methods", java.util.Arrays.stream(dev.fortel.identity.factors.FactorMethod.values())
                .map(dev.fortel.identity.factors.FactorMethod::code).toList());
        return "security/settings";
    }

    /** One row of the failed-sign-in overview. */
    record ActivityRow(Employee employee, GuessingProtection.Status status) {}

    @RequiresFunction(Permission.EMPLOYEES_VIEW)
    @GetMapping("/security/sign-in-activity")
    String activity(Model model) {
        Subject s = access.require(Permission.EMPLOYEES_VIEW);
        Map<UUID, GuessingProtection.Status> statuses = guards.statuses(s.tenantId());
        Map<UUID, String> names = employees.names(s.tenantId(), statuses.keySet());
        List<ActivityRow> rows = new ArrayList<>();
        java.util.Set<UUID> within = access.reachableEmployees(s, Permission.EMPLOYEES_VIEW);
        statuses.forEach((id, st) -> {
            if ((st.failuresSinceSuccess() > 0 || st.locked()) && (within == null || within.contains(id))) {
                employees.find(s.tenantId(), id).ifPresent(e -> rows.add(new ActivityRow(e, st)));
            }
        });
        rows.sort(Comparator.comparing((ActivityRow r) -> !r.status().locked())
                .thenComparing(r -> -r.status().failuresSinceSuccess())
                .thenComparing(r -> names.getOrDefault(r.employee().id(), "")));
        model.addAttribute("rows", rows);
        return "security/sign-in-activity";
    }
}
