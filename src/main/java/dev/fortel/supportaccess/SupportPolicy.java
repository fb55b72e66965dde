package dev.fortel.supportaccess;

import dev.fortel.access.Permission;
import java.util.List;

/**
 * A company's standing answer to support requests: {@code ASK} every time (the default), {@code NEVER} (requests are
 * refused at once), or {@code AUTO_READ}: a request for no more than {@code autoFunctions} (read-only functions)
 * for at most {@code maxMinutes} is approved at once, anything more is asked.
 */
public record SupportPolicy(Mode mode, List<Permission> autoFunctions, int maxMinutes) {

    public enum Mode {
        ASK, NEVER, AUTO_READ;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final SupportPolicy DEFAULT = new SupportPolicy(Mode.ASK, List.of(), 240);

    public SupportPolicy {
        autoFunctions = List.copyOf(autoFunctions);
    }
}
