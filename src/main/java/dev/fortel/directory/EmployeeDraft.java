package dev.fortel.directory;

import dev.fortel.access.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The editable state of an employee, validated the same way whether it comes from the API's POST, a
 * PATCH merged onto the stored employee, or a console form. Constraint messages say how to fix the value.
 */
public record EmployeeDraft(
        @NotBlank(message = "is required; give the employee's work e-mail")
        @Email(message = "must be an e-mail address such as anna@example.com")
        @Size(max = 254, message = "must be at most 254 characters") String login,
        @NotBlank(message = "is required; give the name colleagues know the employee by")
        @Size(max = 200, message = "must be at most 200 characters") String displayName,
        @Nullable @Pattern(regexp = "[0-9]{2,8}", message = "must be 2 to 8 digits, such as 101") String extension,
        @Nullable @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in international E.164 form, such as +74951234567") String mobile,
        @NotNull Set<UUID> groupIds,
        @Nullable UUID supervisorId,
        @NotNull EmployeeStatus status,
        @Nullable Instant expiresAt,
        @NotNull Set<Role> roles) {

    public EmployeeDraft {
        groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        login = login == null ? "" : login.strip().toLowerCase(java.util.Locale.ROOT);
        displayName = displayName == null ? "" : displayName.strip();
        extension = blankToNull(extension);
        mobile = blankToNull(mobile);
    }

    public static EmployeeDraft of(Employee e) {
        return new EmployeeDraft(e.login(), e.displayName(), e.extension(), e.mobile(), e.groupIds(), e.supervisorId(),
                e.status(), e.expiresAt(), e.roles());
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
