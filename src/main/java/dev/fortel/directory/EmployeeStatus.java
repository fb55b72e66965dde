package dev.fortel.directory;

import java.util.Locale;

public enum EmployeeStatus {
    ACTIVE,
    DISABLED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
