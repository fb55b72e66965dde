package dev.fortel.directory.web;

import dev.fortel.access.Role;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDraft;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.platform.ValidationFailedException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The console's employee form, bound from request parameters. It converts to the same
 * {@link EmployeeDraft} the API uses, so both are validated by one set of rules.
 */
public class EmployeeForm {

    private String login = "";
    private String displayName = "";
    private String extension = "";
    private String mobile = "";
    private List<String> groupIds = new ArrayList<>();
    private String supervisorId = "";
    private String status = "active";
    private String expiresAt = "";
    private List<String> roles = new ArrayList<>(List.of("employee"));

    static EmployeeForm of(Employee e) {
        EmployeeForm f = new EmployeeForm();
        f.login = e.login();
        f.displayName = e.displayName();
        f.extension = e.extension() == null ? "" : e.extension();
        f.mobile = e.mobile() == null ? "" : e.mobile();
        f.groupIds = e.groupIds().stream().map(UUID::toString).toList();
        f.supervisorId = e.supervisorId() == null ? "" : e.supervisorId().toString();
        f.status = e.status().code();
        // The console edits the moment in UTC, to the minute (the field's label says so).
        f.expiresAt = e.expiresAt() == null ? "" : java.time.LocalDateTime.ofInstant(e.expiresAt(), java.time.ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        f.roles = e.roles().stream().map(r -> r.code()).toList();
        return f;
    }

    EmployeeDraft toDraft() {
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        Set<UUID> groups = new HashSet<>();
        for (String g : groupIds) {
            try {
                groups.add(UUID.fromString(g));
            } catch (IllegalArgumentException e) {
                problems.add(new ValidationFailedException.Violation("group_ids", "form.groups", "choose groups from the list"));
            }
        }
        UUID supervisor = null;
        if (supervisorId != null && !supervisorId.isBlank()) {
            try {
                supervisor = UUID.fromString(supervisorId);
            } catch (IllegalArgumentException e) {
                problems.add(new ValidationFailedException.Violation("supervisor_id", "form.supervisor", "choose a supervisor from the list"));
            }
        }
        java.time.Instant expires = null;
        if (expiresAt != null && !expiresAt.isBlank()) {
            try {
                expires = java.time.LocalDateTime.parse(expiresAt.strip()).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                problems.add(new ValidationFailedException.Violation("expires_at", "form.dateTime", "must be a date and time such as 2027-12-31 18:00"));
            }
        }
        Set<Role> roleSet = new java.util.TreeSet<>();
        for (String r : roles) {
            Role.parse(r).ifPresent(roleSet::add);
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        return new EmployeeDraft(login, displayName, extension, mobile, groups, supervisor,
                "disabled".equals(status) ? EmployeeStatus.DISABLED : EmployeeStatus.ACTIVE, expires, roleSet);
    }

    public String getLogin() { return login; }
    public void setLogin(String login) { this.login = login; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getExtension() { return extension; }
    public void setExtension(String extension) { this.extension = extension; }
    public String getMobile() { return mobile; }
    public void setMobile(String mobile) { this.mobile = mobile; }
    public List<String> getGroupIds() { return List.copyOf(groupIds); }
    public void setGroupIds(List<String> groupIds) { this.groupIds = groupIds == null ? new ArrayList<>() : new ArrayList<>(groupIds); }
    public String getSupervisorId() { return supervisorId; }
    public void setSupervisorId(String supervisorId) { this.supervisorId = supervisorId; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getExpiresAt() { return expiresAt; }
    public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
    public List<String> getRoles() { return List.copyOf(roles); }
    public void setRoles(List<String> roles) { this.roles = roles == null ? new ArrayList<>() : new ArrayList<>(roles); }
}
