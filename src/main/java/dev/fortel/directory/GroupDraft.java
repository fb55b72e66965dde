package dev.fortel.directory;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

public record GroupDraft(
        @NotBlank(message = "is required; name the group, such as Sales") @Size(max = 100, message = "must be at most 100 characters") String name,
        @Nullable @Size(max = 500, message = "must be at most 500 characters") String description) {

    public GroupDraft {
        name = name == null ? "" : name.strip();
        description = description == null || description.isBlank() ? null : description.strip();
    }
}
